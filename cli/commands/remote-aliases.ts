// Online alias commands: `vigil rollback <model>`, `vigil promote <model>`, `vigil status`.
import { CliError, type Command } from '../command';
import { call, client, printJsonOr, REMOTE_HELP, remoteOptions } from '../lib/remote';

export const rollbackCmd: Command = {
  path: ['rollback'],
  summary: 'Roll production back to the last good version (online)',
  usage: `Usage: vigil rollback <model> --reason "why" [--from N] [--json]

Moves the model's production alias back to the last good version: the most recent earlier
production version that was not itself rolled back from. The version rolled back from is marked
bad and returns only through a new approved promotion request. --from names the version you roll
back from (default: production now); a retry with the same --from rolls back once. Serving
switches within about a second. The reason is recorded in the alias history and the audit log.

${REMOTE_HELP}`,
  positionals: ['model'],
  options: { ...remoteOptions, reason: { type: 'string' }, from: { type: 'string' } },
  async run(v, io, [model]) {
    if (!v.reason) throw new CliError('--reason is required: say why you roll back');
    const c = client(v);
    let from: number;
    if (v.from !== undefined) {
      from = Number(v.from);
      if (!Number.isInteger(from) || from < 1) throw new CliError(`--from must be a version number, got '${v.from}'`);
    } else {
      const prod = (await call(() => c.aliases.list.query({ model }))).find((a) => a.alias === 'production');
      if (!prod?.version) throw new CliError(`${model} has no production version`);
      from = prod.version;
    }
    const res = await call(() => c.aliases.rollback.mutate({ model, reason: String(v.reason), fromVersion: from }));
    printJsonOr(io, v.json as boolean, { model, from, to: res.toVersion, repeated: res.repeated }, () => `${model}: production v${from} → v${res.toVersion}${res.repeated ? ' (already rolled back: nothing more done)' : ''}\n`);
    return 0;
  },
};

export const promoteCmd: Command = {
  path: ['promote'],
  summary: 'Point an unprotected alias (shadow, custom) at a version; admins: --break-glass (online)',
  usage: `Usage: vigil promote <model> --version N [--alias shadow|<custom>|production|canary] [--share 0.1] [--reason "why"] [--break-glass] [--json]

Protected aliases (production and canary unless the model's policy says otherwise) move only
through an approved promotion request: use \`vigil request-promotion\`. In an emergency an admin
may move one directly with --break-glass and a --reason of at least 10 characters; a critical
alert fires and the move is marked in the alias history and the audit log.

${REMOTE_HELP}`,
  positionals: ['model'],
  options: { ...remoteOptions, version: { type: 'string' }, alias: { type: 'string' }, share: { type: 'string' }, reason: { type: 'string' }, 'break-glass': { type: 'boolean' } },
  async run(v, io, [model]) {
    const version = Number(v.version);
    if (!Number.isInteger(version) || version < 1) throw new CliError(`--version must be a version number, got '${v.version ?? ''}'`);
    const alias = String(v.alias ?? 'production');
    const share = v.share === undefined ? undefined : Number(v.share);
    if (share !== undefined && !(share >= 0 && share <= 1)) throw new CliError(`--share must be between 0 and 1, got '${v.share}'`);
    const c = client(v);
    const current = (await call(() => c.aliases.list.query({ model }))).find((a) => a.alias === alias);
    await call(() => c.aliases.move.mutate({ model, alias, version, share, reason: v.reason ? String(v.reason) : undefined, expectedVersion: current?.version ?? null, breakGlass: v['break-glass'] === true ? true : undefined }));
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
