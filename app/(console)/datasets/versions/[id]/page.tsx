import { Suspense } from 'react';
import { VersionScreen } from '@/components/datasets/version-screen';
import { PageHeader } from '@/components/ui/page-header';

export default async function DatasetVersionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PageHeader title="Dataset version" />
      <Suspense>
        <VersionScreen id={id} />
      </Suspense>
    </>
  );
}
