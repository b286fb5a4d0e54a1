// `npm run soak` runs the fault suite through jest with this config only: its entries end in
// .soak-run.ts, so `npm test` never picks them up (they take minutes and kill processes).
const path = require('node:path');
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/test/soak'],
  testMatch: ['**/test/soak/**/*.soak-run.ts'],
  testTimeout: 30 * 60_000,
  maxWorkers: 1,
};
