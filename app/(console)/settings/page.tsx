import { PageHeader } from '@/components/ui/page-header';
import { SettingsScreen } from '@/components/settings/settings-screen';

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" />
      <SettingsScreen />
    </>
  );
}
