// The demo's scenario over time: normal traffic, then the "holiday" shift ramps in (amounts,
// purposes and debt-to-income move; true default risk rises through a term the model never saw).
export interface ShiftSchedule {
  shiftAfterMs: number;
  rampMs: number;
}

/** Shift intensity in [0, 1] at `elapsedMs` since the simulator started. */
export function intensityAt(elapsedMs: number, s: ShiftSchedule): number {
  if (elapsedMs < s.shiftAfterMs) return 0;
  if (s.rampMs <= 0) return 1;
  return Math.min(1, (elapsedMs - s.shiftAfterMs) / s.rampMs);
}
