// The refusal report: which gates failed on the golden set and by how much. Pure.
import type { GateResult } from '@/server/ml/promotion/gates';

export interface RefusedGate {
  gate: string;
  status: 'fail' | 'pending';
  candidate: number | null;
  incumbent: number | null;
  /** candidate − incumbent, when both are known. */
  change: number | null;
  detail: string;
}

export function refusedGates(gates: GateResult[]): RefusedGate[] {
  return gates
    .filter((g) => g.status !== 'pass')
    .map((g) => {
      const c = g.candidate ?? null;
      const b = g.baseline ?? null;
      return { gate: g.gate, status: g.status as 'fail' | 'pending', candidate: c, incumbent: b, change: c !== null && b !== null ? c - b : null, detail: g.detail };
    });
}

/** One sentence naming every gate that is not passed, failed ones first. */
export function refusalReason(refused: RefusedGate[]): string {
  if (refused.length === 0) return 'refused: no gate result';
  const ordered = [...refused.filter((g) => g.status === 'fail'), ...refused.filter((g) => g.status === 'pending')];
  return `refused on the golden set: ${ordered.map((g) => `${g.gate} ${g.status === 'fail' ? 'failed' : 'could not be checked'} (${g.detail})`).join('; ')}`;
}
