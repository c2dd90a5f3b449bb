import { NotBuilt } from '@/components/ui/not-built';
import { PageHeader } from '@/components/ui/page-header';

export default function Page() {
  return (
    <>
      <PageHeader title="Experiments" />
      <NotBuilt area="Experiments" plan="Experiments group training runs; compare runs side by side (params, metrics, curves) and reproduce a run from its lineage." />
    </>
  );
}
