// `npm test`: install if needed, then run the whole suite (scripts/test.ts).
import { ensureDependencies, runTs } from './bootstrap.mjs';

ensureDependencies();
runTs('scripts/test.ts', process.argv.slice(2));
