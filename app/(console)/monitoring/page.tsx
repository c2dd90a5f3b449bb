import { Suspense } from 'react';
import { MonitoringScreen } from '@/components/monitoring/monitoring-screen';
import { PageHeader } from '@/components/ui/page-header';

export default function MonitoringPage() {
  return (
    <>
      <PageHeader title="Monitoring" />
      <Suspense>
        <MonitoringScreen />
      </Suspense>
    </>
  );
}
