import { Suspense } from 'react';
import { CompareScreen } from '@/components/experiments/compare-screen';
import { PageHeader } from '@/components/ui/page-header';

export default function ComparePage() {
  return (
    <>
      <PageHeader title="Compare runs" />
      <Suspense>
        <CompareScreen />
      </Suspense>
    </>
  );
}
