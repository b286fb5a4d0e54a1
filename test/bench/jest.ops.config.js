// `npm run bench:ops` runs the operations-at-scale bench (minutes: it generates a million runs) with
// this config only; its entry ends in .bench-ops.ts, so neither `npm test` nor `npm run bench` picks it up.
const path = require('node:path');
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/test/bench'],
  testMatch: ['**/test/bench/**/*.bench-ops.ts'],
  testTimeout: 30 * 60_000,
  maxWorkers: 1,
};
