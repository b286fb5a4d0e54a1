import { describe, expect, it } from 'vitest';
import { freeSpot } from './placement';

describe('placing a new node', () => {
  it('uses the start when it is free', () => {
    expect(freeSpot({ x: 0, y: 0 }, [])).toEqual({ x: 0, y: 0 });
  });

  it('moves right (then elsewhere) until nothing is covered', () => {
    const first = freeSpot({ x: 0, y: 0 }, [{ position: { x: 10, y: 10 } }]);
    expect(first).toEqual({ x: 300, y: 0 });
    const second = freeSpot({ x: 0, y: 0 }, [{ position: { x: 10, y: 10 } }, { position: first }]);
    expect(second.x === 0 && second.y === 0).toBe(false);
    expect(second).not.toEqual(first);
  });

  it('never drops a node under the minimap', () => {
    const minimap = { x: 0, y: 0, width: 300, height: 200 };
    const spot = freeSpot({ x: 50, y: 50 }, [], [minimap]);
    const inside = spot.x < 300 && spot.x + 240 > 0 && spot.y < 200 && spot.y + 110 > 0;
    expect(inside).toBe(false);
    expect(freeSpot({ x: 1000, y: 1000 }, [], [minimap])).toEqual({ x: 1000, y: 1000 });
  });
});
