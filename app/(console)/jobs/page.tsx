import { Suspense } from 'react';
import { JobsScreen } from '@/components/jobs/jobs-screen';
import { PageHeader } from '@/components/ui/page-header';

export default function JobsPage() {
  return (
    <>
      <PageHeader title="Jobs" />
      <Suspense>
        <JobsScreen />
      </Suspense>
    </>
  );
}
