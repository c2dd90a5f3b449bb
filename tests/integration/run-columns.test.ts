// Which columns a run trains on (issue 9, D5 and D14): identifiers, high-cardinality and the
// model's declared sensitive attributes are left out of the derived spec (the job log says
// which and why), the column picker's choice is exactly what trains, and a target or golden
// label that is not 0/1 is refused when submitted, naming the values.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { datasetVersions, featureSpecs, jobLogs, models, modelPolicies, runs } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { chunksOf, learnableCsv } from './helpers/csv';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { waitFor } from './helpers/wait';

let stopWorkers: () => Promise<void>;
beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
});
afterAll(async () => {
  await stopWorkers();
  await closeQueues();
});

/** learnableCsv plus an applicant id, a sensitive attribute and a 0–4 score column. */
function loansCsv(rows: number): string {
  const lines = learnableCsv(rows, 9).trim().split('\n');
  return (
    lines.map((l, i) => (i === 0 ? `applicant_id,${l},gender,grade` : `APP-${String(i).padStart(6, '0')},${l},${i % 2 ? 'F' : 'M'},${i % 5}`)).join('\n') + '\n'
  );
}

async function profiledVersion(rows = 300) {
  const engineer = await makeUser('engineer');
  const up = await uploadDataset({ db: db(), actor: actorOf(engineer) }, { name: uniq('cols') }, chunksOf(loansCsv(rows)));
  await waitFor(async () => (await db().select().from(datasetVersions).where(eq(datasetVersions.id, up.version.id)))[0], (v) => v.profileStatus === 'ready', 30_000, 'profile');
  return { engineer, caller: callerAs(engineer), dv: up.version };
}

const settled = (r: { status: string }) => ['succeeded', 'failed', 'cancelled'].includes(r.status);
const runRow = async (id: string) => (await db().select().from(runs).where(eq(runs.id, id)))[0];

describe('run input columns', () => {
  it('offers the columns with reasons, lists only 0/1 targets, and leaves ids and the declared sensitive attribute out of a derived spec', async () => {
    const { caller, dv } = await profiledVersion();
    const experiment = uniq('loan-default').toLowerCase();
    // The model this experiment feeds declares gender sensitive.
    const [m] = await db().insert(models).values({ name: experiment }).returning();
    await db().insert(modelPolicies).values({ modelId: m.id, sensitiveAttributes: ['gender'] });

    const choices = await caller.runs.columns({ datasetVersionId: dv.id, experiment });
    expect(choices.profileStatus).toBe('ready');
    const by = Object.fromEntries(choices.columns.map((c) => [c.name, c]));
    expect(by.applicant_id.flag).toEqual({ kind: 'id_like', reason: 'an identifier: all 300 values are distinct' });
    expect(by.gender.sensitive).toBe(true);
    expect(by.x1.flag).toBeNull();
    expect(choices.columns.filter((c) => c.labelProblem === null).map((c) => c.name)).toEqual(['y']);
    expect(by.grade.labelProblem).toBe("'grade' is not binary (values from 0 to 4, 5 distinct); a label must hold only 0 and 1");
    // Another experiment's view: gender is not declared for it.
    expect((await caller.runs.columns({ datasetVersionId: dv.id, experiment: uniq('other') })).columns.find((c) => c.name === 'gender')!.sensitive).toBe(false);

    const run = await caller.runs.start({ experiment, datasetVersionId: dv.id, target: 'y', trainer: 'logreg', seed: 1 });
    const done = await waitFor(() => runRow(run.id), settled, 60_000, 'run');
    expect(done.status, done.error ?? '').toBe('succeeded');
    const logs = (await db().select().from(jobLogs).where(eq(jobLogs.jobId, done.jobId!)).orderBy(asc(jobLogs.id))).map((l) => l.message);
    expect(logs).toContain('derived feature spec: inputs x1, x2, region, grade');
    expect(logs).toContain('left out: applicant_id (an identifier: all 300 values are distinct); gender (declared sensitive attribute)');
    // The spec the run was trained with (its lineage) has the same inputs.
    const [fs] = await db().select().from(featureSpecs).where(eq(featureSpecs.id, done.featureSpecId!));
    expect((fs.spec as { inputs: { name: string }[] }).inputs.map((i) => i.name)).toEqual(['x1', 'x2', 'region', 'grade']);
  });

  it('trains on exactly the picked columns, sensitive or not, and records them in the run', async () => {
    const { caller, dv } = await profiledVersion();
    const run = await caller.runs.start({ experiment: uniq('pick'), datasetVersionId: dv.id, target: 'y', trainer: 'logreg', columns: ['x1', 'gender'] });
    expect((run.inputSpec as { inputs: { name: string }[] }).inputs.map((i) => i.name)).toEqual(['x1', 'gender']);
    const done = await waitFor(() => runRow(run.id), settled, 60_000, 'run');
    expect(done.status, done.error ?? '').toBe('succeeded');
    await expect(caller.runs.start({ experiment: uniq('pick'), datasetVersionId: dv.id, target: 'y', trainer: 'logreg', columns: ['y', 'x1'] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: "the target column 'y' cannot be a model input" });
    await expect(caller.runs.start({ experiment: uniq('pick'), datasetVersionId: dv.id, target: 'y', trainer: 'logreg', columns: ['x1', 'nope'] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: "the dataset has no column 'nope'" });
    await expect(caller.runs.start({ experiment: uniq('pick'), datasetVersionId: dv.id, target: 'y', trainer: 'logreg', columns: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses a non-binary target at submit, and a non-binary golden-set label, naming the values', async () => {
    const { caller, dv } = await profiledVersion(100);
    const before = (await db().select().from(runs)).length;
    await expect(caller.runs.start({ experiment: uniq('bad'), datasetVersionId: dv.id, target: 'grade', trainer: 'logreg' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: "target column 'grade' is not binary (values from 0 to 4, 5 distinct); a label must hold only 0 and 1",
    });
    expect((await db().select().from(runs)).length).toBe(before);
    const admin = callerAs(await makeUser('admin'));
    const [m] = await db().insert(models).values({ name: uniq('golden').toLowerCase() }).returning();
    await expect(admin.evaluations.setGoldenSet({ model: m.name, datasetVersionId: dv.id, labelColumn: 'grade' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: "label column 'grade' is not binary (values from 0 to 4, 5 distinct); a label must hold only 0 and 1",
    });
  });
});
