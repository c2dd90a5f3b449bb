import { routeParam } from '@/components/models/route-param';
import { ModelScreen } from '@/components/models/model-screen';
import { ModelTabs } from '@/components/retraining/model-tabs';
import { PageHeader } from '@/components/ui/page-header';

export default async function ModelPage({ params }: { params: Promise<{ name: string }> }) {
  const name = routeParam((await params).name);
  return (
    <>
      <PageHeader title={`Model ${name}`} />
      <ModelTabs name={name} />
      <ModelScreen name={name} />
    </>
  );
}
