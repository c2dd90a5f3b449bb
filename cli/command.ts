// The shape every CLI command file exports. Commands are registered in cli/commands/index.ts.
import type { ParseArgsConfig } from 'node:util';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface Command {
  /** Words that select the command, e.g. ['stats', 'drift']. */
  path: string[];
  /** One line for the command list. */
  summary: string;
  /** Full usage text printed by --help. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Names of positional arguments, e.g. ['model'] for `vigil rollback <model>`; none when absent. */
  positionals?: string[];
  /** Returns the process exit code. Throw CliError for user errors (exit 2, message on stderr). */
  run: (values: Record<string, string | boolean | undefined>, io: CliIO, positionals: string[]) => Promise<number>;
}

/** A user-facing error: printed as `vigil: <message>` on stderr with a non-zero exit. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
