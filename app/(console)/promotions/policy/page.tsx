import { Suspense } from 'react';
import { AreaTabs } from '@/components/promotions/area-tabs';
import { PolicyScreen } from '@/components/promotions/policy-screen';
import { PageHeader } from '@/components/ui/page-header';

export default function PromotionPolicyPage() {
  return (
    <>
      <PageHeader title="Promotions" />
      <AreaTabs />
      <Suspense>
        <PolicyScreen />
      </Suspense>
    </>
  );
}
