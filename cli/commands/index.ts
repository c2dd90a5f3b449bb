// Every CLI command, in the order `vigil --help` lists them. Add a command by adding its file here.
import type { Command } from '../command';
import { statsMetrics } from './stats-metrics';
import { statsFairness } from './stats-fairness';
import { statsDrift } from './stats-drift';
import { train } from './train';
import { predict } from './predict';

export const commands: Command[] = [statsMetrics, statsFairness, statsDrift, train, predict];
