import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, type Dict } from './en';
import { es } from './es';
import { ru } from './ru';

function flatten(dict: Dict, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(dict)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[path] = value;
    else Object.assign(out, flatten(value, path));
  }
  return out;
}

const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const EN = flatten(en as unknown as Dict);
const enBases = new Set(Object.keys(EN).map(base));

/** Strings that are the same word in every language (product names, codes, interpolation only). */
const SAME = new Set(['categories.CRM', 'versions.by', 'fields.no', 'steps.error', 'editor.liveVersion']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(tsx?)$/.test(name) && !name.endsWith('.test.ts') && !full.includes('/i18n/') ? [full] : [];
  });
}

describe('translations', () => {
  for (const [lang, dict] of [['ru', ru], ['es', es]] as const) {
    const flat = flatten(dict);
    it(`${lang} has every English key`, () => {
      const bases = new Set(Object.keys(flat).map(base));
      expect([...enBases].filter((k) => !bases.has(k))).toEqual([]);
      expect([...bases].filter((k) => !enBases.has(k))).toEqual([]);
    });
    it(`${lang} keeps the same interpolation variables`, () => {
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join(',');
      for (const [key, value] of Object.entries(flat)) {
        const english = EN[key] ?? EN[`${base(key)}_other`];
        if (english !== undefined) expect(vars(value), `${lang}:${key}`).toBe(vars(english));
      }
    });
    it(`${lang} leaves no English text behind`, () => {
      const same = Object.entries(flat).filter(([key, value]) => EN[key] === value && !SAME.has(key) && /[a-z]{3}/i.test(value.replace(/\{\{\w+\}\}/g, '')));
      expect(same.map(([k]) => k)).toEqual([]);
    });
  }

  it('every key used in the code exists in English', () => {
    const used = new Set<string>();
    const namespaces = Object.keys(en).join('|');
    const pattern = new RegExp(`['\`]((?:${namespaces})\\.[A-Za-z_.]+)['\`]`, 'g');
    for (const file of sourceFiles(join(__dirname, '..'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(pattern)) used.add(match[1]);
    }
    const missing = [...used].filter((key) => !enBases.has(key) && !key.endsWith('.'));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(150);
  });
});
