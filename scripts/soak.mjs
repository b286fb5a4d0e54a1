// `npm run soak [-- jest args]`: build (the fault suite spawns worker processes from dist/), then run
// test/soak through jest. The suite starts its own Postgres, which it restarts; it needs no other.
// Settings (environment): SOAK_RUNS (10000), SOAK_WORKERS (3), SOAK_CONCURRENCY (8), SOAK_KILLS (5).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs/promises';
import { forwardSignals, prepareRun, startJest } from './test-support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const signals = forwardSignals();

async function main() {
  const scratch = await prepareRun(root, 'flowbridge-soak-');
  // A run that fails before its report must not print the last run's as if it were its own.
  const reportFile = path.join(root, 'test/artifacts/soak-results.txt');
  await fs.rm(reportFile, { force: true });
  try {
    const run = startJest(root, { ...process.env }, ['--config', path.join(root, 'test/soak/jest.soak.config.js'), '--runInBand', '--forceExit', ...process.argv.slice(2)]);
    signals.child = run.child;
    process.exitCode = await run.exit;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true }).catch(() => {});
  }
  const report = await fs.readFile(reportFile, 'utf8').catch(() => null);
  if (report) console.log(`\n${report}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
