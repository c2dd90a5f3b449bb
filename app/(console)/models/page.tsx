import { Suspense } from 'react';
import { ModelsList } from '@/components/models/models-list';
import { PageHeader } from '@/components/ui/page-header';

export default function ModelsPage() {
  return (
    <>
      <PageHeader title="Models" />
      <Suspense>
        <ModelsList />
      </Suspense>
    </>
  );
}
