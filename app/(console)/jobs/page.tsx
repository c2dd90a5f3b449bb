import { Suspense } from 'react';
import { JobsScreen } from '@/components/jobs/jobs-screen';
import { PageHeader } from '@/components/ui/page-header';
import { WorkersPanel } from '@/components/jobs/workers-panel';

export default function JobsPage() {
  return (
    <>
      <PageHeader title="Jobs" />
      <Suspense>
        <JobsScreen />
      </Suspense>
      <div className="mt-6">
        <WorkersPanel />
      </div>
    </>
  );
}
