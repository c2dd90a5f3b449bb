'use client';
// On a version's page: a link to the request form prefilled with this model and version (shown
// to users who may request a promotion).
import Link from 'next/link';
import { useCan } from '@/components/ui/use-permissions';

export function RequestPromotionButton({ model, version }: { model: string; version: number }) {
  const can = useCan('promotion.request');
  if (!can) return null;
  return (
    <Link href={`/promotions?model=${encodeURIComponent(model)}&version=${version}`} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
      Request promotion of v{version}
    </Link>
  );
}
