import { describe, expect, it } from 'vitest';
import { emptyHistory, HISTORY_LIMIT, record, redo, undo } from './history';

describe('undo/redo history', () => {
  it('undoes and redoes in order', () => {
    let h = emptyHistory<number>();
    h = record(h, 0, undefined, 0);
    h = record(h, 1, undefined, 10);
    const u1 = undo(h, 2)!;
    expect(u1.state).toBe(1);
    const u2 = undo(u1.history, u1.state)!;
    expect(u2.state).toBe(0);
    expect(undo(u2.history, u2.state)).toBeNull();
    const r1 = redo(u2.history, u2.state)!;
    expect(r1.state).toBe(1);
    const r2 = redo(r1.history, r1.state)!;
    expect(r2.state).toBe(2);
    expect(redo(r2.history, r2.state)).toBeNull();
  });

  it('a new change clears redo', () => {
    let h = record(emptyHistory<number>(), 0, undefined, 0);
    const u = undo(h, 1)!;
    h = record(u.history, u.state, undefined, 5);
    expect(h.future).toEqual([]);
  });

  it('coalesces typing into one field, but not different fields or slow edits', () => {
    let h = emptyHistory<string>();
    h = record(h, '', 'a', 0);
    h = record(h, 'x', 'a', 300);
    h = record(h, 'xy', 'a', 600);
    expect(h.past).toEqual(['']);
    h = record(h, 'xyz', 'b', 700);
    expect(h.past).toEqual(['', 'xyz']);
    h = record(h, 'xyz!', 'b', 5000);
    expect(h.past).toHaveLength(3);
  });

  it('keeps at most the limit', () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) h = record(h, i, undefined, i * 10_000);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(20);
  });
});
