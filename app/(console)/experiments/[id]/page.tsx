import { Suspense } from 'react';
import { ExperimentScreen } from '@/components/experiments/experiment-screen';
import { ExperimentSweeps } from '@/components/sweeps/experiment-sweeps';
import { PageHeader } from '@/components/ui/page-header';

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PageHeader title="Experiment" />
      <Suspense>
        <ExperimentScreen id={id} />
      </Suspense>
      <ExperimentSweeps experimentId={id} />
    </>
  );
}
