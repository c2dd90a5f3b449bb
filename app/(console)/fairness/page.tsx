import { Suspense } from 'react';
import { FairnessScreen } from '@/components/fairness/fairness-screen';
import { PageHeader } from '@/components/ui/page-header';

export default function FairnessPage() {
  return (
    <>
      <PageHeader title="Fairness" />
      <Suspense>
        <FairnessScreen />
      </Suspense>
    </>
  );
}
