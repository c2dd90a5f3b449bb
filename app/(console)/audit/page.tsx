import { Suspense } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { AuditScreen } from '@/components/audit/audit-screen';

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit log" />
      <Suspense>
        <AuditScreen />
      </Suspense>
    </>
  );
}
