import fs from 'node:fs';
import path from 'node:path';

/**
 * The run store is the only writer of runs and steps (issue "The engine for real business
 * processes"): every transition is a named operation there, so loops, retries and recovery reason
 * about one place. A write that creeps in elsewhere fails this spec.
 */
const SRC = path.resolve(__dirname, '..');
const STORE = path.join(SRC, 'engine/run-store.ts');
const WRITE = /\b(update|insert\s+into|delete\s+from|truncate(\s+table)?)\s+(only\s+)?"?(runs|steps)"?\b/i;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('run store boundary', () => {
  it('is the only code that writes runs and steps', () => {
    const writers = sources(SRC)
      .filter((file) => file !== STORE)
      .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line, at: i + 1 })))
      .filter(({ line }) => WRITE.test(line))
      .map(({ file, at, line }) => `${path.relative(SRC, file)}:${at}: ${line.trim()}`);
    expect(writers).toEqual([]);
  });

  it('finds such a write when there is one', () => {
    expect(WRITE.test('await tx.query(`update runs set status = $2 where id = $1`)')).toBe(true);
    expect(WRITE.test('`insert into steps (run_id, node_id) values ($1, $2)`')).toBe(true);
    expect(WRITE.test('delete from runs where created_at < $1')).toBe(true);
    expect(WRITE.test('select * from runs r join steps s on s.run_id = r.id')).toBe(false);
    expect(WRITE.test('update run_deliveries set done = true')).toBe(false);
  });
});
