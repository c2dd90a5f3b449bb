import { Suspense } from 'react';
import { NewRunForm } from '@/components/experiments/new-run-form';
import { PageHeader } from '@/components/ui/page-header';

export default function NewRunPage() {
  return (
    <>
      <PageHeader title="New run" />
      <Suspense>
        <NewRunForm />
      </Suspense>
    </>
  );
}
