// `npm run up`: install if needed, then start everything (scripts/up.ts).
import { ensureDependencies, runTs } from './bootstrap.mjs';

ensureDependencies();
runTs('scripts/up.ts', process.argv.slice(2));
