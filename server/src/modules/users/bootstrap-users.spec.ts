import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keepDemoPasswords } from './bootstrap-users';

describe('demo passwords file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'flowbridge-passwords-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the lines in a file only its owner may read, creating the data folder', () => {
    const file = keepDemoPasswords(path.join(dir, 'data'), ['  admin    admin@flowbridge.local  password: s3cret']);
    expect(file).toBe(path.join(dir, 'data', 'demo-users.txt'));
    expect(readFileSync(file, 'utf8')).toBe('  admin    admin@flowbridge.local  password: s3cret\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('narrows an older file that others could read', () => {
    writeFileSync(path.join(dir, 'demo-users.txt'), 'old\n', { mode: 0o644 });
    const file = keepDemoPasswords(dir, ['new']);
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
