// `npm run bench` runs the benchmarks through jest (for its swc transform and module mapping), with
// this config only: bench entries end in .bench-run.ts, so the root config (*.spec.ts) never picks
// them up and `npm test` never runs them.
const path = require('node:path');
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/test/bench'],
  testMatch: ['**/test/bench/**/*.bench-run.ts'],
  testTimeout: 10 * 60_000,
  maxWorkers: 1,
};
