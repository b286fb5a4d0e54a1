// Shared by start.mjs and test.mjs; must not import any dependency, since it runs before they exist.
import { existsSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

export function ensureInstalled(root) {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(path.join(root, 'node_modules')) && mtime(lock) <= mtime(marker)) return;
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm install failed (exit ${result.status ?? result.signal})`);
  // npm leaves the marker untouched when nothing changed; without this every run would reinstall.
  if (existsSync(marker)) utimesSync(marker, new Date(), new Date());
}
