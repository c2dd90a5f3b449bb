'use client';
// The serving part of a model page: aliases and promotion, the running shadow's comparison with
// production, alias history, live traffic, recent predictions and batch scoring.
import { Suspense } from 'react';
import { useCan } from '@/components/ui/use-permissions';
import { AliasHistory } from './alias-history';
import { AliasSummary } from './alias-summary';
import { BatchScoring } from './batch-scoring';
import { PromoteForm } from './promote-form';
import { RecentPredictions } from './recent-predictions';
import { ShadowPanel } from './shadow-panel';
import { ServingHealth } from './serving-health';
import { LiveTraffic } from './traffic-chart';

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function ModelServingPanel({ model }: { model: string }) {
  const canMove = useCan('alias.move');
  return (
    <div className="flex flex-col gap-6">
      <Section id="serving-aliases" title="Serving">
        <AliasSummary model={model} />
        {canMove && <PromoteForm model={model} />}
      </Section>
      <ShadowPanel model={model} />
      <Section id="serving-health" title="Serving health">
        <ServingHealth model={model} />
      </Section>
      <Section id="serving-history" title="Alias history">
        <AliasHistory model={model} />
      </Section>
      <Section id="serving-traffic" title="Live traffic">
        <LiveTraffic model={model} />
      </Section>
      <Section id="serving-recent" title="Recent predictions">
        {/* It reads its page and filters from the URL (useSearchParams). */}
        <Suspense>
          <RecentPredictions model={model} />
        </Suspense>
      </Section>
      <Section id="serving-batch" title="Batch scoring">
        <BatchScoring model={model} />
      </Section>
    </div>
  );
}
