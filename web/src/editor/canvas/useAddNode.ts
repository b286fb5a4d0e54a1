import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditor } from '../store/editorStore';
import { useConnections } from '../store/connectionsStore';
import { lookupEntry } from '../store/catalogStore';
import { newHookPath } from '../../lib/hookPath';
import { freeSpot, type Area } from '../graph/placement';
import { NODE_WIDTH } from '../graph/layout';

export const PALETTE_MIME = 'application/x-flowbridge-node';

/** Where the minimap covers the canvas, in flow coordinates: a node dropped there would be hidden. */
export function minimapArea(screenToFlowPosition: (p: { x: number; y: number }) => { x: number; y: number }): Area[] {
  const rect = document.querySelector('.react-flow__minimap')?.getBoundingClientRect();
  if (!rect || !rect.width) return [];
  const topLeft = screenToFlowPosition({ x: rect.left, y: rect.top });
  const bottomRight = screenToFlowPosition({ x: rect.right, y: rect.bottom });
  return [{ x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y }];
}

/** Adds a node (prefilling the connection when the connector has exactly one) and returns its id. */
export function useAddNode() {
  const addNode = useEditor((s) => s.addNode);
  return useCallback((type: string, position: { x: number; y: number }) => {
    const entry = lookupEntry(type);
    const params: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries(entry?.inputSchema.properties ?? {})) {
      const ui = prop['x-ui'];
      if (entry?.kind === 'trigger' && name === 'path' && prop.default === undefined) params.path = newHookPath(type);
      if (ui?.widget !== 'connection' || !ui.connector) continue;
      const candidates = useConnections.getState().list.filter((c) => c.connector === ui.connector);
      if (candidates.length === 1) params[name] = candidates[0].id;
    }
    return addNode(type, position, params);
  }, [addNode]);
}

/** Adds a node near the middle of what the canvas shows, on a free spot, and keeps it in view. */
export function useAddNodeAtCenter() {
  const { screenToFlowPosition, getViewport, setCenter } = useReactFlow();
  const addNodeAt = useAddNode();
  return useCallback((type: string) => {
    const el = document.querySelector('[data-testid="canvas"]');
    const rect = el?.getBoundingClientRect();
    const center = rect ? screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
    const start = { x: Math.round(center.x - NODE_WIDTH / 2), y: Math.round(center.y - 40) };
    const position = freeSpot(start, useEditor.getState().nodes, minimapArea(screenToFlowPosition));
    const id = addNodeAt(type, position);
    if (id && rect) {
      const { zoom } = getViewport();
      const topLeft = screenToFlowPosition({ x: rect.left, y: rect.top });
      const bottomRight = screenToFlowPosition({ x: rect.right, y: rect.bottom });
      const inside = position.x >= topLeft.x && position.y >= topLeft.y && position.x + NODE_WIDTH <= bottomRight.x && position.y + 120 <= bottomRight.y;
      if (!inside) void setCenter(position.x + NODE_WIDTH / 2, position.y + 50, { zoom, duration: 200 });
    }
    return id;
  }, [screenToFlowPosition, getViewport, setCenter, addNodeAt]);
}
