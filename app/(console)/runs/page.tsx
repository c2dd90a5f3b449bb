import { Suspense } from 'react';
import { RunsTable } from '@/components/runs/runs-table';
import { PageHeader } from '@/components/ui/page-header';

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" />
      <Suspense>
        <RunsTable />
      </Suspense>
    </>
  );
}
