import { NotBuilt } from '@/components/ui/not-built';
import { PageHeader } from '@/components/ui/page-header';

export default function Page() {
  return (
    <>
      <PageHeader title="Fairness" />
      <NotBuilt area="Fairness" plan="Slice reports per sensitive attribute: selection rate, TPR, FPR, precision and disparities, offline and online." />
    </>
  );
}
