import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, readableViewport } from './readableFit';

const canvas = { width: 800, height: 600 };

describe('a readable fit', () => {
  it('centres a flow that fits at a readable zoom, up to 120 %', () => {
    const small = readableViewport({ x: 0, y: 0, width: 240, height: 80 }, canvas);
    expect(small.zoom).toBe(1.2);
    expect(small.x + (240 * small.zoom) / 2).toBeCloseTo(400);
    expect(small.y + (80 * small.zoom) / 2).toBeCloseTo(300);
    const medium = readableViewport({ x: 100, y: 50, width: 700, height: 200 }, canvas);
    expect(medium.zoom).toBeCloseTo(800 / (700 * 1.2));
    expect(medium.x + ((100 + 350) * medium.zoom)).toBeCloseTo(400);
  });

  it('never zooms below the readable level: a long flow shows its start and is vertically centred', () => {
    const long = readableViewport({ x: -200, y: 0, width: 1584, height: 90 }, canvas);
    expect(long.zoom).toBe(READABLE_ZOOM);
    expect(long.x + -200 * long.zoom).toBe(40);
    expect(long.y + (45 * long.zoom)).toBeCloseTo(300);
  });

  it('shows the top left of a flow too long and too tall', () => {
    const big = readableViewport({ x: 0, y: 300, width: 10_000, height: 5_000 }, canvas);
    expect(big.zoom).toBe(READABLE_ZOOM);
    expect([big.x, big.y + 300 * big.zoom]).toEqual([40, 40]);
  });
});
