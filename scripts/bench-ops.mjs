// `npm run bench:ops [-- jest args]`: the operations-at-scale bench (test/bench/ops-scale.bench-ops.ts)
// on a Postgres provided as `npm run bench` does; prints its table (also in test/artifacts/bench-results.*).
// Knobs: BENCH_OPS_RUNS (1000000), BENCH_OPS_SAMPLES (50).
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forwardSignals, prepareRun, provideTestDatabase, startJest } from './test-support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsText = path.join(root, 'test/artifacts/bench-results.txt');
const signals = forwardSignals();

async function main() {
  const scratch = await prepareRun(root, 'flowbridge-bench-ops-');
  const env = { ...process.env };
  let database;
  let exitCode = 1;
  try {
    await fs.rm(resultsText, { force: true });
    database = await provideTestDatabase(env, scratch);
    if (signals.interrupted) throw new Error('interrupted');
    const run = startJest(root, env, ['--config', path.join(root, 'test/bench/jest.ops.config.js'), '--runInBand', '--forceExit', ...process.argv.slice(2)]);
    signals.child = run.child;
    exitCode = await run.exit;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    await database?.stop().catch((error) => console.error('stopping embedded Postgres:', error.message));
    await fs.rm(scratch, { recursive: true, force: true }).catch(() => {});
  }
  const text = await fs.readFile(resultsText, 'utf8').catch(() => null);
  if (text) console.log(`\n${text}`);
  else console.error('bench:ops: no results were written');
  process.exitCode = exitCode === 0 && text ? 0 : 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
