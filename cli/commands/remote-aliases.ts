// Online alias commands: `vigil rollback <model>`, `vigil promote <model>`, `vigil status`.
import { CliError, type Command } from '../command';
import { call, client, printJsonOr, REMOTE_HELP, remoteOptions } from '../lib/remote';

export const rollbackCmd: Command = {
  path: ['rollback'],
  summary: 'Roll production back to the previous version (online)',
  usage: `Usage: vigil rollback <model> --reason "why" [--json]

Moves the model's production alias back to the version it held before the current one. Serving
switches within about a second. The reason is recorded in the alias history and the audit log.

${REMOTE_HELP}`,
  positionals: ['model'],
  options: { ...remoteOptions, reason: { type: 'string' } },
  async run(v, io, [model]) {
    if (!v.reason) throw new CliError('--reason is required: say why you roll back');
    const c = client(v);
    const aliases = await call(() => c.aliases.list.query({ model }));
    const prod = aliases.find((a) => a.alias === 'production');
    if (!prod?.version) throw new CliError(`${model} has no production version`);
    const res = await call(() => c.aliases.rollback.mutate({ model, reason: String(v.reason), fromVersion: prod.version! }));
    printJsonOr(io, v.json as boolean, { model, from: prod.version, to: res.toVersion }, () => `${model}: production v${prod.version} → v${res.toVersion}\n`);
    return 0;
  },
};

export const promoteCmd: Command = {
  path: ['promote'],
  summary: 'Point an alias (production, canary with a share, shadow) at a version (online)',
  usage: `Usage: vigil promote <model> --version N [--alias production|canary|shadow] [--share 0.1] [--reason "why"] [--json]

${REMOTE_HELP}`,
  positionals: ['model'],
  options: { ...remoteOptions, version: { type: 'string' }, alias: { type: 'string' }, share: { type: 'string' }, reason: { type: 'string' } },
  async run(v, io, [model]) {
    const version = Number(v.version);
    if (!Number.isInteger(version) || version < 1) throw new CliError(`--version must be a version number, got '${v.version ?? ''}'`);
    const alias = String(v.alias ?? 'production');
    const share = v.share === undefined ? undefined : Number(v.share);
    if (share !== undefined && !(share >= 0 && share <= 1)) throw new CliError(`--share must be between 0 and 1, got '${v.share}'`);
    const c = client(v);
    const current = (await call(() => c.aliases.list.query({ model }))).find((a) => a.alias === alias);
    await call(() => c.aliases.move.mutate({ model, alias, version, share, reason: v.reason ? String(v.reason) : undefined, expectedVersion: current?.version ?? null }));
    printJsonOr(io, v.json as boolean, { model, alias, version, share: share ?? null }, () => `${model}: ${alias} → v${version}${share !== undefined ? ` (${share * 100}% of traffic)` : ''}\n`);
    return 0;
  },
};

export const statusCmd: Command = {
  path: ['status'],
  summary: 'Every served model: production, canary, shadow, state (healthy / drifting / degraded), online traffic (production + canary, last hour)',
  usage: `Usage: vigil status [--json]\n\n${REMOTE_HELP}`,
  options: { ...remoteOptions },
  async run(v, io) {
    const rows = await call(() => client(v).aliases.onCall.query());
    printJsonOr(io, v.json as boolean, rows, () =>
      rows.map((r) => `${r.name}\tproduction v${r.production ?? '-'}\tcanary ${r.canary ? `v${r.canary} ${Math.round((r.canaryShare ?? 0) * 100)}%` : '-'}\tshadow ${r.shadow ? `v${r.shadow}` : '-'}\t${r.state}\t${r.predictions1h} online predictions/h`).join('\n') + '\n',
    );
    return 0;
  },
};
