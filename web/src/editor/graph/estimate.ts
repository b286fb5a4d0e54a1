import { lookupEntry } from '../store/catalogStore';
import { outputPorts } from './ports';
import type { FlowCanvasNode } from './types';

/** Height of a node card before React Flow has measured it: header plus one row per output port. */
export function estimateNodeHeight(node: FlowCanvasNode): number {
  const ports = outputPorts(lookupEntry(node.data.type), node.data.params).length;
  return 58 + Math.max(ports, 0) * 22 + (ports ? 8 : 0);
}
