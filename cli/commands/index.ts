// Every CLI command, in the order `vigil --help` lists them. Add a command by adding its file here.
import type { Command } from '../command';

export const commands: Command[] = [];
