import { Suspense } from 'react';
import { DatasetsScreen } from '@/components/datasets/datasets-screen';
import { PageHeader } from '@/components/ui/page-header';

export default function DatasetsPage() {
  return (
    <>
      <PageHeader title="Datasets" />
      <Suspense>
        <DatasetsScreen />
      </Suspense>
    </>
  );
}
