import { Suspense } from 'react';
import { AreaTabs } from '@/components/promotions/area-tabs';
import { PromotionsScreen } from '@/components/promotions/promotions-screen';
import { PageHeader } from '@/components/ui/page-header';

export default function PromotionsPage() {
  return (
    <>
      <PageHeader title="Promotions" />
      <AreaTabs />
      <Suspense>
        <PromotionsScreen />
      </Suspense>
    </>
  );
}
