import { routeParam } from '@/components/models/route-param';
import { ModelTabs } from '@/components/retraining/model-tabs';
import { RetrainingScreen } from '@/components/retraining/retraining-screen';
import { PageHeader } from '@/components/ui/page-header';

export default async function ModelRetrainingPage({ params }: { params: Promise<{ name: string }> }) {
  const name = routeParam((await params).name);
  return (
    <>
      <PageHeader title={`Model ${name}`} />
      <ModelTabs name={name} />
      <RetrainingScreen name={name} />
    </>
  );
}
