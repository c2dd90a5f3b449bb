import { Suspense } from 'react';
import { ExperimentsList } from '@/components/experiments/experiments-list';
import { PageHeader } from '@/components/ui/page-header';

export default function ExperimentsPage() {
  return (
    <>
      <PageHeader title="Experiments" />
      <Suspense>
        <ExperimentsList />
      </Suspense>
    </>
  );
}
