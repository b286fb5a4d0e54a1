// Transpiles nodes/, server/src/ and migrations/ into dist/ (same tree), incrementally, with swc.
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import swc from '@swc/core';

const SOURCE_DIRS = ['nodes', 'server/src', 'migrations'];
// Only nodes/, server/src and migrations/ are walked, so the root web/ and test/ never come up here.
const SKIP_DIRS = new Set(['node_modules', 'dist']);
// A package.json copied into dist/nodes would make require('../nodes') follow its "main" instead of index.js.
const SKIP_ASSETS = /^(package\.json|tsconfig.*\.json)$|\.tsbuildinfo$/;
const THIS_FILE = fileURLToPath(import.meta.url);

const swcOptions = (root) => ({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
    // The workspace symlink leads to nodes/package.json, whose "main" is not what we emit; relative
    // paths stay valid inside dist/ because it mirrors the source tree.
    baseUrl: root,
    paths: { '@flowbridge/nodes': ['nodes/index.ts'], '@flowbridge/nodes/*': ['nodes/*'] },
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
  swcrc: false,
  configFile: false,
});

async function* walk(dir) {
  let entries;
  try { entries = await fs.readdir(dir, { withFileTypes: true }); } catch { return; }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) { if (!SKIP_DIRS.has(entry.name)) yield* walk(full); }
    else if (entry.isFile()) yield full;
  }
}

const mtime = (file) => fs.stat(file).then((s) => s.mtimeMs, () => -1);
const isTypeScript = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts');
const isSpec = (file) => file.endsWith('.spec.ts');

async function compile(src, out, options) {
  const result = await swc.transformFile(src, {
    ...options,
    filename: src,
    sourceFileName: path.relative(path.dirname(out), src),
  });
  await fs.mkdir(path.dirname(out), { recursive: true });
  await fs.writeFile(`${out}.map`, result.map);
  await fs.writeFile(out, `${result.code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
}

async function removeOrphans(root, expected) {
  for (const dir of SOURCE_DIRS) {
    for await (const file of walk(path.join(root, 'dist', dir))) {
      const owner = file.endsWith('.map') ? file.slice(0, -4) : file;
      if (!expected.has(owner)) await fs.rm(file, { force: true });
    }
    await removeEmptyDirs(path.join(root, 'dist', dir));
  }
}

async function removeEmptyDirs(dir) {
  let entries;
  try { entries = await fs.readdir(dir, { withFileTypes: true }); } catch { return; }
  for (const entry of entries) if (entry.isDirectory()) await removeEmptyDirs(path.join(dir, entry.name));
  await fs.rmdir(dir).catch(() => {});
}

function buildWeb(root) {
  let pkg;
  try { pkg = JSON.parse(readFileSync(path.join(root, 'web/package.json'), 'utf8')); } catch { return; }
  if (!pkg.scripts?.build) return;
  const result = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`web build failed (exit ${result.status ?? result.signal})`);
}

export async function build({ root = path.resolve(path.dirname(THIS_FILE), '..'), web = true } = {}) {
  const started = performance.now();
  const options = swcOptions(root);
  // A change to this script (e.g. its swc options) must invalidate everything it produced before.
  const scriptTime = await mtime(THIS_FILE);
  const expected = new Set();
  const jobs = [];
  for (const dir of SOURCE_DIRS) {
    for await (const src of walk(path.join(root, dir))) {
      if (isSpec(src) || src.endsWith('.d.ts')) continue;
      const name = path.basename(src);
      const compiled = isTypeScript(src);
      if (!compiled && SKIP_ASSETS.test(name)) continue;
      const rel = path.relative(root, src);
      const out = path.join(root, 'dist', compiled ? rel.replace(/\.ts$/, '.js') : rel);
      expected.add(out);
      jobs.push((async () => {
        const outTime = await mtime(out);
        if (outTime >= (await mtime(src)) && outTime >= scriptTime) return 0;
        if (!compiled) {
          await fs.mkdir(path.dirname(out), { recursive: true });
          await fs.copyFile(src, out);
          return 0;
        }
        await compile(src, out, options);
        return 1;
      })());
    }
  }
  const compiledCount = (await Promise.all(jobs)).reduce((a, b) => a + b, 0);
  await removeOrphans(root, expected);
  // Pins CommonJS for dist/ even if the root package.json ever becomes "type": "module".
  await fs.mkdir(path.join(root, 'dist'), { recursive: true });
  await fs.writeFile(path.join(root, 'dist/package.json'), '{ "type": "commonjs" }\n');
  const ms = Math.round(performance.now() - started);
  console.log(`build: ${compiledCount} file(s) compiled in ${ms} ms`);
  if (web) buildWeb(root);
  return { compiled: compiledCount, ms };
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  build().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
