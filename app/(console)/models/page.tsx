import { NotBuilt } from '@/components/ui/not-built';
import { PageHeader } from '@/components/ui/page-header';

export default function Page() {
  return (
    <>
      <PageHeader title="Models" />
      <NotBuilt area="Models" plan="The model registry: versions with lineage, signatures, metrics, model cards, and the aliases (production, canary, shadow) that route traffic." />
    </>
  );
}
