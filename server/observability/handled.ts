// For an error that is dealt with by carrying on (a best-effort cleanup, a background write):
// never silent — one log line and one count in vigil_errors_handled_total{component}.
import { appMetrics } from './app-metrics';
import { logger } from './logger';

export function logHandled(component: string, message: string, fields: Record<string, unknown> = {}): (e: unknown) => void {
  return (e: unknown) => {
    appMetrics().swallowed.inc({ component });
    logger({ component }).warn({ ...fields, err: e }, message);
  };
}
