// Online promotion commands for CI/CD: `vigil request-promotion`, `vigil requests list|show`,
// `vigil approve|reject <id> --reason`. They call the same tRPC procedures as the console, so
// four eyes, stale evidence and the one-open-request rule apply unchanged.
import { CliError, type Command } from '../command';
import { PAGE_HELP, pageFooter, pageOptions, pageRequest, readPages } from '../lib/pages';
import { call, client, printJsonOr, REMOTE_HELP, remoteOptions } from '../lib/remote';

function positiveInt(name: string, raw: unknown): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive whole number, got '${raw ?? ''}'`);
  return n;
}

function requestId(raw: string | undefined): string {
  if (!raw || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw)) throw new CliError(`<id> must be a promotion request id (a UUID, as \`vigil requests list\` prints), got '${raw ?? ''}'`);
  return raw;
}

function parsePlan(raw: unknown): { share: number; minutes: number }[] | undefined {
  if (raw === undefined) return undefined;
  // "10:5,50:5,100:5" = share % : minutes per step.
  return String(raw)
    .split(',')
    .map((step, i) => {
      const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(step);
      if (!m) throw new CliError(`--plan step ${i + 1} '${step}': write share%:minutes, e.g. 10:5,50:5,100:5`);
      return { share: Number(m[1]) / 100, minutes: Number(m[2]) };
    });
}

export const requestPromotionCmd: Command = {
  path: ['request-promotion'],
  summary: 'Ask for a version to be promoted (evaluation, shadow, then an approver decides) (online)',
  usage: `Usage: vigil request-promotion <model> --version N --note "why" [--target production|canary] [--plan 10:5,50:5,100:5] [--json]

Opens a promotion request: the candidate goes behind shadow, the evaluation on the golden set is
queued, and an approver other than you approves or rejects (\`vigil approve|reject <id>\`). One
open request per model. --plan gives the canary steps as share%:minutes (default: the model's policy).

${REMOTE_HELP}`,
  positionals: ['model'],
  options: { ...remoteOptions, version: { type: 'string' }, note: { type: 'string' }, target: { type: 'string' }, plan: { type: 'string' } },
  async run(v, io, [model]) {
    const version = positiveInt('version', v.version);
    if (!v.note || !String(v.note).trim()) throw new CliError('--note is required: say why this version should ship');
    const target = String(v.target ?? 'production');
    if (target !== 'production' && target !== 'canary') throw new CliError(`--target must be production or canary, got '${target}'`);
    const plan = parsePlan(v.plan);
    const r = await call(() => client(v).promotions.request.mutate({ model, version, note: String(v.note), target: target as 'production' | 'canary', plan }));
    printJsonOr(io, v.json as boolean, { id: r.id, model, version, target, status: r.status }, () => `${r.id}\t${model} v${version} → ${target}\t${r.status}\n`);
    return 0;
  },
};

export const requestsList: Command = {
  path: ['requests', 'list'],
  summary: 'Promotion requests, newest first (online)',
  usage: `Usage: vigil requests list [--model M] [--status S] [--limit N] [--page P | --all] [--json]

  --model M    only this model's requests
  --status S   pending, approved, rejected, rolling_out, completed, rolled_back, stale or cancelled

${PAGE_HELP}

${REMOTE_HELP}`,
  options: { ...remoteOptions, ...pageOptions, model: { type: 'string' }, status: { type: 'string' } },
  async run(v, io) {
    const req = pageRequest(v);
    // The console refuses an unknown status naming the field.
    const status = v.status === undefined ? undefined : (String(v.status) as 'pending');
    const c = client(v);
    const model = v.model ? String(v.model) : undefined;
    const listed = await readPages(req, (offset, limit) => call(() => c.promotions.page.query({ offset, limit, model, status })));
    const rows = listed.rows.map((r) => ({ id: r.id, model: r.model, version: r.candidate, target: r.target, status: r.status, requestedBy: r.requestedByEmail, createdAt: r.createdAt }));
    const out = { ...listed, rows };
    printJsonOr(io, v.json as boolean, out, () => (rows.length ? rows.map((r) => `${r.id}\t${r.model} v${r.version} → ${r.target}\t${r.status}\t${r.requestedBy}`).join('\n') + '\n' : 'no promotion requests\n'));
    const footer = v.json ? null : pageFooter(listed, 'requests');
    if (footer) io.stderr(footer);
    return 0;
  },
};

export const requestsShow: Command = {
  path: ['requests', 'show'],
  summary: 'One promotion request: the evidence checklist and its timeline (online)',
  usage: `Usage: vigil requests show <id> [--json]\n\n${REMOTE_HELP}`,
  positionals: ['id'],
  options: { ...remoteOptions },
  async run(v, io, [raw]) {
    const id = requestId(raw);
    const r = await call(() => client(v).promotions.get.query({ id }));
    const out = {
      id,
      model: r.model,
      version: r.candidate,
      incumbent: r.incumbent,
      target: r.req.target,
      status: r.req.status,
      requestedBy: r.requestedByEmail,
      note: r.req.note,
      evidenceHash: r.evidence.hash,
      evidence: r.evidence.items.map((i) => ({ key: i.key, status: i.status, summary: i.summary })),
      events: r.events.map((e) => ({ at: e.at, kind: e.kind, actor: e.actorLabel })),
    };
    printJsonOr(io, v.json as boolean, out, () =>
      [
        `${out.model} v${out.version} → ${out.target} (incumbent ${out.incumbent ? `v${out.incumbent}` : 'none'}): ${out.status}, requested by ${out.requestedBy}`,
        `note: ${out.note}`,
        ...out.evidence.map((i) => `  [${i.status.toUpperCase()}] ${i.key}: ${i.summary}`),
        ...out.events.map((e) => `  ${new Date(e.at).toISOString()} ${e.kind} (${e.actor})`),
      ].join('\n') + '\n',
    );
    return 0;
  },
};

function decideCmd(decision: 'approve' | 'reject'): Command {
  return {
    path: [decision],
    summary: decision === 'approve' ? 'Approve someone else’s promotion request: the canary rollout starts (online)' : 'Reject someone else’s promotion request (online)',
    usage: `Usage: vigil ${decision} <id> --reason "why"${decision === 'approve' ? ' [--override "why the failing or pending gates are acceptable"]' : ''} [--json]

Decides on the evidence as it stands now (the request's evidence hash is read first; if it
changes before the decision lands, the decision is refused as stale). You cannot decide on your
own request.${decision === 'approve' ? ' Approving over a failing or pending gate needs --override.' : ''}

${REMOTE_HELP}`,
    positionals: ['id'],
    options: { ...remoteOptions, reason: { type: 'string' }, ...(decision === 'approve' ? { override: { type: 'string' } } : {}) },
    async run(v, io, [raw]) {
      const id = requestId(raw);
      if (!v.reason || !String(v.reason).trim()) throw new CliError(`--reason is required: say why you ${decision}`);
      const c = client(v);
      const current = await call(() => c.promotions.get.query({ id }));
      const res = await call(() =>
        c.promotions.decide.mutate({ id, decision, comment: String(v.reason), overrideReason: v.override ? String(v.override) : undefined, evidenceHash: current.evidence.hash }),
      );
      printJsonOr(io, v.json as boolean, { id, decision, status: res.status }, () => `${id}: ${decision === 'approve' ? 'approved' : 'rejected'} (${res.status})\n`);
      return 0;
    },
  };
}

export const approveCmd = decideCmd('approve');
export const rejectCmd = decideCmd('reject');
