import { NotBuilt } from '@/components/ui/not-built';
import { PageHeader } from '@/components/ui/page-header';

export default function Page() {
  return (
    <>
      <PageHeader title="Datasets" />
      <NotBuilt area="Datasets" plan="Upload CSV datasets as immutable, content-addressed versions with an inferred schema and a per-column profile." />
    </>
  );
}
