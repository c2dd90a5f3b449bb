import { RunScreen } from '@/components/runs/run-screen';
import { RunSweepLink } from '@/components/sweeps/run-sweep-link';
import { PageHeader } from '@/components/ui/page-header';

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PageHeader title="Run" />
      <RunSweepLink runId={id} />
      <RunScreen id={id} />
    </>
  );
}
