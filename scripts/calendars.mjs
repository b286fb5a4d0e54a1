// Writes the built-in public-holiday calendars (server/src/calendars/data/holidays-<id>.json) from
// date-holidays' rules, so the server never loads that package. Run after upgrading date-holidays or
// changing BUILTIN_YEARS; server/src/calendars/builtin.spec.ts fails until the files match again.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const require = createRequire(import.meta.url);
const dist = path.join(root, 'dist/server/src/calendars');
const { HOLIDAY_COUNTRIES, BUILTIN_YEARS } = require(path.join(dist, 'builtin.js'));
const { holidayYears } = require(path.join(dist, 'holiday-rules.js'));
for (const country of HOLIDAY_COUNTRIES) {
  const file = path.join(root, 'server/src/calendars/data', `holidays-${country.id}.json`);
  writeFileSync(file, `${JSON.stringify({ years: holidayYears(country.id, BUILTIN_YEARS) }, null, 1)}\n`);
  console.log(`wrote ${path.relative(root, file)}`);
}
