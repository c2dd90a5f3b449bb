// Entry point of the `vigil` CLI: picks the command by its leading words, parses its options
// with node:util parseArgs (strict: unknown options are errors) and maps errors to exit codes.
import { parseArgs } from 'node:util';
import { commands } from './commands/index';
import { CliError, type CliIO } from './command';

const defaultIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function overview(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  vigil ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return `Usage: vigil <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`vigil <command> --help\` for a command's options.\n`;
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(overview());
    return 0;
  }
  // Longest matching command path wins ("stats drift" before "stats").
  const cmd = [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((w, i) => argv[i] === w));
  if (!cmd) {
    io.stderr(`vigil: unknown command '${argv.slice(0, 2).join(' ')}'\n\n${overview()}`);
    return 2;
  }
  const rest = argv.slice(cmd.path.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(cmd.usage.endsWith('\n') ? cmd.usage : cmd.usage + '\n');
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: cmd.options, strict: true, allowPositionals: !!cmd.positionals });
    if (cmd.positionals && positionals.length !== cmd.positionals.length) {
      throw new CliError(`expected ${cmd.positionals.map((p) => `<${p}>`).join(' ')}, got ${positionals.length ? positionals.join(' ') : 'nothing'}\n\n${cmd.usage}`);
    }
    return await cmd.run(values as Record<string, string | boolean | undefined>, io, positionals);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (err instanceof CliError) {
      io.stderr(`vigil: ${msg}\n`);
      return err.exitCode;
    }
    if (err && typeof err === 'object' && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`vigil: ${msg}\n\n${cmd.usage}\n`);
      return 2;
    }
    io.stderr(`vigil: ${msg}\n`);
    return 1;
  }
}
