import { routeParam } from '@/components/models/route-param';
import { ModelScreen } from '@/components/models/model-screen';
import { PageHeader } from '@/components/ui/page-header';

export default async function ModelPage({ params }: { params: Promise<{ name: string }> }) {
  const name = routeParam((await params).name);
  return (
    <>
      <PageHeader title={`Model ${name}`} />
      <ModelScreen name={name} />
    </>
  );
}
