import { OnCallScreen } from '@/components/serving/on-call-screen';
import { PageHeader } from '@/components/ui/page-header';

export default function OnCallPage() {
  return (
    <>
      <PageHeader title="On-call" />
      <OnCallScreen />
    </>
  );
}
