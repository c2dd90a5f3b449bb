import { NotBuilt } from '@/components/ui/not-built';
import { PageHeader } from '@/components/ui/page-header';

export default function Page() {
  return (
    <>
      <PageHeader title="Jobs" />
      <NotBuilt area="Jobs" plan="Training, scoring and evaluation jobs on the workers, with live progress, logs, cancel and retry." />
    </>
  );
}
