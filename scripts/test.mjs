// `npm test [-- jest args]`: install if needed, build, provide a Postgres, run jest, and end with
// one summary line "N passed, N failed[, N skipped]".
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forwardSignals, prepareRun, provideTestDatabase, startJest } from './test-support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function summarise(report, jestExitCode) {
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  let failed = report.numFailedTests;
  for (const suite of report.testResults ?? []) {
    // A suite that could not run (syntax error, failing beforeAll import, ...) has no failed cases.
    const failedCases = (suite.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    if (suite.status === 'failed' && failedCases === 0) failed += 1;
  }
  // e.g. "no tests found" or a failing global setup: jest fails without any failed case to count.
  if (jestExitCode !== 0 && failed === 0) failed = 1;
  return { passed: report.numPassedTests, failed, skipped: report.numPendingTests + (report.numTodoTests ?? 0) };
}

/** Runs web/'s vitest suite; its JSON report has the same counters as jest's. */
async function runWebUnitTests(scratch) {
  const reportFile = path.join(scratch, 'vitest.json');
  const child = spawn(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`], {
    cwd: path.join(root, 'web'),
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: 'inherit',
  });
  const code = await new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (c) => resolve(c ?? 1));
  });
  const report = await fs.readFile(reportFile, 'utf8').then(JSON.parse).catch(() => undefined);
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  const failed = report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
  return { passed: report.numPassedTests, failed, skipped: report.numPendingTests + (report.numTodoTests ?? 0) };
}

/**
 * The static checks a full run starts with: both TypeScript projects and ESLint (with the import
 * boundaries). Each counts as one test in the summary, so a type error can never pass CI.
 */
async function runStaticChecks() {
  const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
  const checks = [
    ['type check (server, nodes, tests)', bin('typescript', 'bin/tsc'), ['-p', 'tsconfig.json', '--noEmit']],
    ['type check (web)', bin('typescript', 'bin/tsc'), ['-p', 'web/tsconfig.json', '--noEmit']],
    ['eslint', bin('eslint', 'bin/eslint.js'), ['.', '--max-warnings=0']],
  ];
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const [name, script, args] of checks) {
    if (signals.interrupted) break;
    const started = Date.now();
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, stdio: 'inherit' });
    signals.child = child;
    const code = await new Promise((resolve) => {
      child.once('error', () => resolve(1));
      child.once('exit', (c) => resolve(c ?? 1));
    });
    console.log(`${code === 0 ? 'PASS' : 'FAIL'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    counts[code === 0 ? 'passed' : 'failed'] += 1;
  }
  return counts;
}

const signals = forwardSignals();

async function main() {
  const scratch = await prepareRun(root, 'flowbridge-test-');
  const env = { ...process.env };
  let database;
  let jestExitCode = 1;
  let report;
  let web = { passed: 0, failed: 0, skipped: 0 };
  let checks = { passed: 0, failed: 0, skipped: 0 };
  // A filtered run (`npm test -- path`) is for a quick loop: it skips the static checks and the editor's tests.
  const fullRun = process.argv.length <= 2;
  try {
    if (fullRun) checks = await runStaticChecks();
    database = await provideTestDatabase(env, scratch);
    if (signals.interrupted) throw new Error('interrupted');
    const reportFile = path.join(scratch, 'jest.json');
    const run = startJest(root, env, ['--json', `--outputFile=${reportFile}`, ...(env.CI === 'true' ? ['--ci'] : []), ...process.argv.slice(2)]);
    signals.child = run.child;
    jestExitCode = await run.exit;
    report = await fs.readFile(reportFile, 'utf8').then(JSON.parse).catch(() => undefined);
    // The editor's unit tests run under vitest (Vite's own runner).
    if (fullRun && !signals.interrupted) web = await runWebUnitTests(scratch);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    await database?.stop().catch((error) => console.error('stopping embedded Postgres:', error.message));
    await fs.rm(scratch, { recursive: true, force: true }).catch(() => {});
  }

  const jestCounts = summarise(report, jestExitCode);
  const passed = jestCounts.passed + web.passed + checks.passed;
  const failed = jestCounts.failed + web.failed + checks.failed;
  const skipped = jestCounts.skipped + web.skipped + checks.skipped;
  console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed > 0 || jestExitCode !== 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
