// Fairness report shapes as the console receives them (types only).
import type { GroupIntervals } from '@/server/ml/fairness/bootstrap';
import type { FairnessReport } from '@/server/ml/fairness/report';

/** One sensitive attribute of an offline evaluation: the report and its bootstrap intervals. */
export type AttributeReport = FairnessReport & { intervals: GroupIntervals[] };
