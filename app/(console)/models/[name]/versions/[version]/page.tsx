import { notFound } from 'next/navigation';
import { routeParam } from '@/components/models/route-param';
import { VersionScreen } from '@/components/models/version-screen';
import { RequestPromotionButton } from '@/components/promotions/request-promotion-button';
import { PageHeader } from '@/components/ui/page-header';

export default async function ModelVersionPage({ params }: { params: Promise<{ name: string; version: string }> }) {
  const p = await params;
  const name = routeParam(p.name);
  const version = Number(p.version);
  if (!Number.isSafeInteger(version) || version < 1) notFound();
  return (
    <>
      <PageHeader title={`${name} v${version}`}><RequestPromotionButton model={name} version={version} /></PageHeader>
      <VersionScreen name={name} version={version} />
    </>
  );
}
