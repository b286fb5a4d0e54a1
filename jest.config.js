// jest runs the TypeScript sources directly (not dist/), transpiled by swc like scripts/build.mjs does.
const fs = require('node:fs');
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // jest refuses to start when a root is missing; these folders appear as the project grows.
  roots: ['nodes', 'server', 'test'].filter((dir) => fs.existsSync(path.join(__dirname, dir))).map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/web/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        swcrc: false,
      },
    ],
  },
  moduleNameMapper: {
    '^@flowbridge/nodes$': '<rootDir>/nodes/index.ts',
    '^@flowbridge/nodes/(.*)$': '<rootDir>/nodes/$1',
  },
  testTimeout: 60000,
  maxWorkers: 2,
  // Each spec file leaves tens of megabytes in its worker (a full run reached 1.7 GB of heap per
  // worker); a fresh worker past this keeps collections short and timing-sensitive specs honest.
  workerIdleMemoryLimit: '640MB',
};
