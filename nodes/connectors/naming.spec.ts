import fs from 'node:fs';
import path from 'node:path';

/**
 * Every connector names its exports the same way (see README.md here), so a newcomer who knows one
 * connector finds anything in another in one guess. Checked on the modules' real exports, letter
 * case aside (`easycount` → `readEasyCountAuth`).
 */
const ROOT = __dirname;
const connectors = fs.readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/** What each file of connector `key` must export, as lower-case names. */
function expected(key: string): Record<string, string[]> {
  const k = key.replace(/-/g, '').toLowerCase();
  return {
    'index.ts': [`${k}connector`],
    'auth.ts': [`read${k}auth`, `${k}credentialfields`],
    'client.ts': [`${k}client`],
    'api.ts': [`${k}api`, `connect${k}`, `${k}apifor`],
    'simulator.ts': [`${k}simulator`],
  };
}

function moduleOf(file: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as Record<string, unknown>;
}

function exportsOf(file: string): string[] {
  return Object.keys(moduleOf(file)).map((name) => name.toLowerCase());
}

/** Exports that are nodes (a definition with a type); helpers beside them are free to be named for what they do. */
function nodeExportsOf(file: string): string[] {
  return Object.entries(moduleOf(file))
    .filter(([, value]) => typeof value === 'object' && value !== null && typeof (value as { definition?: { type?: unknown } }).definition?.type === 'string')
    .map(([name]) => name);
}

function nodeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')).map((f) => path.join(dir, f));
}

describe('connector naming', () => {
  it('finds the connectors', () => {
    expect(connectors).toEqual(expect.arrayContaining(['bitrix24', 'easycount', 'email', 'kommo', 'stripe', 'telegram', 'yookassa']));
  });

  it.each(connectors)('%s has a manifest, auth and client', (key) => {
    for (const file of ['index.ts', 'auth.ts', 'client.ts']) expect(fs.existsSync(path.join(ROOT, key, file))).toBe(true);
  });

  it.each(connectors)('%s names its manifest, auth, client, api and simulator exports by the convention', (key) => {
    const missing: string[] = [];
    for (const [file, names] of Object.entries(expected(key))) {
      const full = path.join(ROOT, key, file);
      if (!fs.existsSync(full)) continue;
      const actual = new Set(exportsOf(full));
      for (const name of names) if (!actual.has(name)) missing.push(`${file}: ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it.each(connectors)('%s names each action and trigger after the connector', (key) => {
    const prefix = key.replace(/-/g, '').toLowerCase();
    const strays = [...nodeFiles(path.join(ROOT, key, 'actions')), ...nodeFiles(path.join(ROOT, key, 'triggers'))]
      .flatMap((file) => nodeExportsOf(file).filter((name) => !name.toLowerCase().startsWith(prefix)).map((name) => `${path.relative(ROOT, file)}: ${name}`));
    expect(strays).toEqual([]);
  });

  it('sees the nodes it checks', () => {
    expect(nodeExportsOf(path.join(ROOT, 'kommo/actions/create-task.ts'))).toEqual(['kommoCreateTask']);
  });
});
