// One line per interval for an error that repeats while a dependency is down (a Redis outage makes
// every BullMQ worker and connection report each reconnect attempt: hundreds of lines a minute
// that bury the one line saying what broke). The first occurrence is logged at once; later ones
// within the interval are only counted, and the next line says how many were held back. Metrics
// still count every occurrence (the caller's counter).
export interface LogThrottle {
  /** Calls `emit(suppressed)` when a line is due; returns whether it did. */
  hit(key: string, emit: (suppressed: number) => void): boolean;
}

export function logThrottle(intervalMs = 30_000, now: () => number = Date.now): LogThrottle {
  const state = new Map<string, { last: number; held: number }>();
  return {
    hit(key, emit) {
      const t = now();
      const s = state.get(key);
      if (s && t - s.last < intervalMs) {
        s.held++;
        return false;
      }
      const held = s?.held ?? 0;
      state.set(key, { last: t, held: 0 });
      emit(held);
      return true;
    },
  };
}

const g = globalThis as unknown as { __vigilLogThrottle?: LogThrottle };
/** The process's shared throttle for connection errors. */
export function connectionErrorThrottle(): LogThrottle {
  return (g.__vigilLogThrottle ??= logThrottle(Number(process.env.VIGIL_ERROR_LOG_INTERVAL_MS) || 30_000));
}
