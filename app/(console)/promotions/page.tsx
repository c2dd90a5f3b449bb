import { NotBuilt } from '@/components/ui/not-built';
import { PageHeader } from '@/components/ui/page-header';

export default function Page() {
  return (
    <>
      <PageHeader title="Promotions" />
      <NotBuilt area="Promotions" plan="Promotion requests with evidence (evaluation, fairness, shadow, canary) and four-eyes approval." />
    </>
  );
}
