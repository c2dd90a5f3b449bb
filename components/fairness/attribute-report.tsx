// One sensitive attribute: summary figures, selection-rate chart with whiskers, group table.
import { FairnessSelectionChart } from '@/components/charts/fairness-selection-chart';
import { selectionRateBars } from '@/components/charts/prepare/fairness-groups';
import type { GroupIntervals } from '@/server/ml/fairness/bootstrap';
import type { FairnessReport } from '@/server/ml/fairness/report';
import { FairnessSummary } from './fairness-summary';
import { GroupTable } from './group-table';

export function AttributeReport({ attribute, report, intervals, scope }: { attribute: string; report: FairnessReport; intervals: GroupIntervals[] | null; scope: string }) {
  return (
    <section aria-label={`${scope} fairness by ${attribute}`} className="flex flex-col gap-3" data-testid={`${scope}-attribute-${attribute}`}>
      <h3 className="font-semibold">By {attribute}</h3>
      <FairnessSummary report={report} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <FairnessSelectionChart title={`Selection rate by ${attribute} (${scope})`} bars={selectionRateBars(report, intervals)} />
        <GroupTable attribute={attribute} report={report} intervals={intervals} />
      </div>
    </section>
  );
}
