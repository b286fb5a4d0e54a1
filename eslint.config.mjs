// Lint rules that keep the layout honest: the engine has no HTTP code, nodes/ has no NestJS or
// database, the editor does not reach into the server. Style is left to the reviewer.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeRestrictions = {
  patterns: [
    { group: ['@nestjs/*', 'typeorm', 'pg', 'express', 'graphile-worker'], message: 'nodes/ is the SDK and catalogue: no NestJS, database or HTTP server code.' },
    { group: ['**/server/**'], message: 'nodes/ must not import the server.' },
  ],
};

const engineRestrictions = {
  patterns: [
    { group: ['express', '@nestjs/platform-express', '@nestjs/swagger', 'supertest', 'cookie-parser', 'helmet'], message: 'The engine has no HTTP code: it is driven by jobs, not requests.' },
    { group: ['**/modules/**', '../../modules/*'], message: 'The engine must not import HTTP modules (server/src/modules).' },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'web/dist/**', '.data/**', 'test/artifacts/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-debugger': 'error',
      'no-dupe-keys': 'error',
      'no-self-compare': 'error',
      'no-unreachable': 'error',
      'no-unsafe-finally': 'error',
      'no-constant-binary-expression': 'error',
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name=/^(only|skip|todo)$/][callee.object.name=/^(it|test|describe)$/]", message: 'No focused, skipped or todo tests.' },
        { selector: "CallExpression[callee.name=/^(fit|fdescribe|xit|xdescribe|xtest)$/]", message: 'No focused or skipped tests.' }],
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  { files: ['nodes/**/*.ts'], rules: { 'no-restricted-imports': ['error', nodeRestrictions] } },
  { files: ['server/src/engine/**/*.ts'], ignores: ['**/*.spec.ts'], rules: { 'no-restricted-imports': ['error', engineRestrictions] } },
  {
    files: ['web/src/**/*.tsx', 'web/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['web/src/**/*.ts', 'web/src/**/*.tsx'], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '@nestjs/*'], message: 'The editor talks to the server over HTTP only.' }] }] } },
);
