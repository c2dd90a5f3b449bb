import { SweepScreen } from '@/components/sweeps/sweep-screen';
import { PageHeader } from '@/components/ui/page-header';

export default async function SweepPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PageHeader title="Sweep" />
      <SweepScreen id={id} />
    </>
  );
}
