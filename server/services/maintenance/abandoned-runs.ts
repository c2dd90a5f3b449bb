// External runs whose script died without finishing or failing them would stay "running" forever
// (the console shows them live, sweeps and comparisons wait on them). The daily maintenance fails
// every external run that reported nothing — no params, metrics or model — for
// VIGIL_EXTERNAL_RUN_TIMEOUT_HOURS, with the reason and an audit record. A script that comes back
// later is told the run is failed (409) and starts a new one.
import { sql } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { env } from '@/server/env';
import { writeAudit } from '../audit/write-audit';
import { systemActor } from '../context';

export async function failAbandonedExternalRuns(db: Db, hours = env().VIGIL_EXTERNAL_RUN_TIMEOUT_HOURS): Promise<string[]> {
  const reason = `abandoned: the run reported nothing (params, metrics or model) for ${hours} hours (VIGIL_EXTERNAL_RUN_TIMEOUT_HOURS)`;
  return db.transaction(async (tx) => {
    const r = await tx.execute<{ id: string }>(sql`
      UPDATE runs SET status = 'failed', error = ${reason}, finished_at = now()
      WHERE source = 'external' AND status = 'running'
        AND coalesce(last_activity_at, started_at, created_at) < now() - make_interval(hours => ${hours})
      RETURNING id`);
    for (const { id } of r.rows) {
      await writeAudit(tx, systemActor('maintenance'), { action: 'run.fail', targetType: 'run', targetId: id, after: { status: 'failed', source: 'external' }, reason });
    }
    return r.rows.map((x) => x.id);
  });
}
