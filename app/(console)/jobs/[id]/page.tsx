import Link from 'next/link';
import { JobScreen } from '@/components/jobs/job-screen';
import { PageHeader } from '@/components/ui/page-header';

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PageHeader title="Job">
        <Link href="/jobs" className="text-sm text-brand-700 hover:underline">
          All jobs
        </Link>
      </PageHeader>
      <JobScreen id={id} />
    </>
  );
}
