import { NotBuilt } from '@/components/ui/not-built';
import { PageHeader } from '@/components/ui/page-header';

export default function Page() {
  return (
    <>
      <PageHeader title="Monitoring" />
      <NotBuilt area="Monitoring" plan="Input and prediction drift, data quality, latency and online performance per served model, with alerts." />
    </>
  );
}
