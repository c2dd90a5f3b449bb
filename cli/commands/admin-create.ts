// `vigil admin create`: the first admin of an installation without demo accounts (or a new
// admin when every admin is locked out). It works straight against the database, like the
// migrations, so it needs DATABASE_URL and no running console; whoever can run it can already
// write to the database. The password comes from stdin or a prompt, never the command line
// (which other users of the machine can read in the process list).
import { stdin } from 'node:process';
import { CliError, type Command } from '../command';

const USAGE = `Usage: vigil admin create --email EMAIL [--name NAME] [--role admin|approver|engineer|viewer] [--json]

Creates a user (an admin by default) directly in the database named by DATABASE_URL (the same
URL the console uses; the migrations are applied by \`npm run up\`). The password is read from
stdin (its first line) when stdin is not a terminal, otherwise prompted for without echo; at
least 10 characters. The creation is audited as "vigil admin create".

  printf '%s\\n' "$PASSWORD" | DATABASE_URL=postgres://… vigil admin create --email you@example.com
`;

async function readPassword(): Promise<string> {
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) {
      text += String(chunk);
      if (text.length > 4096) break;
    }
    return text.split(/\r?\n/)[0];
  }
  process.stderr.write('Password (not echoed): ');
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let pw = '';
    const onData = (b: Buffer) => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          return resolve(pw);
        }
        if (ch === '\u0003') {
          done();
          return reject(new CliError('cancelled', 130));
        }
        if (ch === '\u007f') pw = pw.slice(0, -1);
        else pw += ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

export const adminCreate: Command = {
  path: ['admin', 'create'],
  summary: 'Create an admin (or any user) directly in the database; password from stdin',
  usage: USAGE,
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' } },
  async run(v, io) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new CliError('DATABASE_URL is not set: give the URL of the console\'s database');
    if (!v.email) throw new CliError('--email is required');
    const password = await readPassword();
    // Imported here so the offline commands do not load the database layer.
    const [{ createDb, createPool }, { createUser }, { systemActor }, { ServiceError }, { ZodError }] = await Promise.all([
      import('@/server/db/client'),
      import('@/server/services/users/create-user'),
      import('@/server/services/context'),
      import('@/server/services/errors'),
      import('zod'),
    ]);
    const pool = createPool(url, 1);
    try {
      const email = String(v.email);
      const u = await createUser({ db: createDb(pool), actor: systemActor('vigil admin create') }, { email, name: String(v.name ?? email.split('@')[0]), password, role: (v.role ?? 'admin') as 'admin' });
      if (v.json) io.stdout(JSON.stringify({ id: u.id, email: u.email, role: u.role }) + '\n');
      else io.stdout(`created ${u.role} ${u.email}; sign in at the console with this password\n`);
      return 0;
    } catch (e) {
      if (e instanceof ZodError) throw new CliError(e.issues.map((i) => `${i.path.join('.') === 'password' ? 'password' : `--${i.path.join('.')}`} ${i.message}`).join('; '));
      if (e instanceof ServiceError) throw new CliError(e.message);
      throw e;
    } finally {
      await pool.end();
    }
  },
};
