import { PredictionScreen } from '@/components/predictions/prediction-screen';
import { PageHeader } from '@/components/ui/page-header';

export default async function PredictionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PageHeader title="Prediction" />
      <PredictionScreen id={id} />
    </>
  );
}
