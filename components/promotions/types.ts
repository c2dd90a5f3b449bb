// Output types of the promotion procedures, for the promotion screens (types only).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

type Out = inferRouterOutputs<AppRouter>;
export type PromotionDetail = Out['promotions']['get'];
export type EvidenceItem = PromotionDetail['evidence']['items'][number];
export type Policy = Out['evaluations']['policy'];
export type EvaluationRow = Out['evaluations']['list']['rows'][number];
export type Evaluation = Out['evaluations']['get'];
