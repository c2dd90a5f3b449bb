import { RunScreen } from '@/components/runs/run-screen';
import { PageHeader } from '@/components/ui/page-header';

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PageHeader title="Run" />
      <RunScreen id={id} />
    </>
  );
}
