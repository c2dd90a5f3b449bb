import Link from 'next/link';
import { DatasetScreen } from '@/components/datasets/dataset-screen';
import { PageHeader } from '@/components/ui/page-header';

export default async function DatasetPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const decoded = safeDecode(name);
  return (
    <>
      <PageHeader title={`Dataset ${decoded}`}>
        <Link href="/datasets" className="text-sm text-brand-700 hover:underline">
          All datasets
        </Link>
      </PageHeader>
      <DatasetScreen name={decoded} />
    </>
  );
}

/** Dataset names are plain ASCII, but a hand-typed URL may hold a malformed escape. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
