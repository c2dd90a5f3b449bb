import { notFound } from 'next/navigation';
import { AreaTabs } from '@/components/promotions/area-tabs';
import { PromotionDetailScreen } from '@/components/promotions/promotion-detail-screen';
import { PageHeader } from '@/components/ui/page-header';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function PromotionRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return (
    <>
      <PageHeader title="Promotion request" />
      <AreaTabs />
      <PromotionDetailScreen id={id} />
    </>
  );
}
