/** Runs the CLI from source (`node --import tsx src/cli/run.ts ...`): tests and `npm run dev` use it. */
import { run } from './main.js';

process.exitCode = await run(process.argv.slice(2));
