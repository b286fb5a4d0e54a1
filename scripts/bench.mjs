// `npm run bench [-- jest args]`: build, provide a Postgres the way `npm test` does (DATABASE_URL or
// FLOWBRIDGE_TEST_DATABASE_URL if set, else a throwaway embedded cluster), run test/bench through
// jest with its own config, and print the results table (also in test/artifacts/bench-results.*).
// Tuning knobs are environment variables, listed at the top of test/bench/engine.bench-run.ts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forwardSignals, prepareRun, provideTestDatabase, startJest } from './test-support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsText = path.join(root, 'test/artifacts/bench-results.txt');

const signals = forwardSignals();

async function main() {
  // The bench runs the TypeScript sources through jest; the built server and editor serve the browser bench.
  const scratch = await prepareRun(root, 'flowbridge-bench-');
  const env = { ...process.env };
  let database;
  let exitCode = 1;
  try {
    await fs.rm(resultsText, { force: true });
    database = await provideTestDatabase(env, scratch);
    env.FLOWBRIDGE_BENCH_DATABASE_KIND = database.embedded ? 'embedded, throwaway (fsync off)' : 'given (DATABASE_URL / FLOWBRIDGE_TEST_DATABASE_URL)';
    if (signals.interrupted) throw new Error('interrupted');
    const run = startJest(root, env, [
      '--config', path.join(root, 'test/bench/jest.bench.config.js'),
      '--runInBand',
      '--forceExit', // results are on disk by then; a stray handle must not hang the run
      ...process.argv.slice(2),
    ]);
    signals.child = run.child;
    exitCode = await run.exit;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    await database?.stop().catch((error) => console.error('stopping embedded Postgres:', error.message));
    await fs.rm(scratch, { recursive: true, force: true }).catch(() => {});
  }

  const text = await fs.readFile(resultsText, 'utf8').catch(() => null);
  if (text) console.log(`\n${text}\nFull results: ${path.relative(root, resultsText.replace(/\.txt$/, '.json'))}`);
  else console.error('bench: no results were written');
  process.exitCode = exitCode === 0 && text ? 0 : 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
