import { NODE_WIDTH } from './layout';

interface Placed {
  position: { x: number; y: number };
  measured?: { width?: number; height?: number };
}

const GAP_X = 60;
const GAP_Y = 40;
const DEFAULT_HEIGHT = 110;

/** A part of the canvas nothing should be dropped under (the minimap), in flow coordinates. */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlaps(x: number, y: number, nodes: readonly Placed[], avoid: readonly Area[] = []): boolean {
  if (avoid.some((a) => x < a.x + a.width && x + NODE_WIDTH > a.x && y < a.y + a.height && y + DEFAULT_HEIGHT > a.y)) return true;
  return nodes.some((n) => {
    const w = n.measured?.width ?? NODE_WIDTH;
    const h = n.measured?.height ?? DEFAULT_HEIGHT;
    return x < n.position.x + w + GAP_X / 2 && x + NODE_WIDTH + GAP_X / 2 > n.position.x && y < n.position.y + h + GAP_Y / 2 && y + DEFAULT_HEIGHT + GAP_Y / 2 > n.position.y;
  });
}

/** The first spot near `start` where a new node covers no other (rightwards first: flows read left to right). */
export function freeSpot(start: { x: number; y: number }, nodes: readonly Placed[], avoid: readonly Area[] = []): { x: number; y: number } {
  const stepX = NODE_WIDTH + GAP_X;
  const stepY = DEFAULT_HEIGHT + GAP_Y;
  const candidates: { x: number; y: number; cost: number }[] = [];
  for (let i = -3; i <= 4; i++) {
    for (let j = -3; j <= 3; j++) candidates.push({ x: start.x + i * stepX, y: start.y + j * stepY, cost: Math.abs(i) * (i < 0 ? 1.6 : 1) + Math.abs(j) * 1.2 });
  }
  candidates.sort((a, b) => a.cost - b.cost);
  const free = candidates.find((c) => !overlaps(c.x, c.y, nodes, avoid));
  return free ? { x: free.x, y: free.y } : { x: start.x + 5 * stepX, y: start.y };
}
