import { useReactFlow, useStore, useStoreApi, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import { estimateNodeHeight } from '../graph/estimate';
import { NODE_WIDTH } from '../graph/layout';
import type { StickyNote } from '../../api/types';
import type { FlowCanvasNode } from '../graph/types';
import { useEditor } from '../store/editorStore';

/**
 * The least zoom any fit uses: node titles (13 px) stay about 10 px on screen. Fitting a 5-node
 * flow whole into a laptop's canvas would need about 45 %, i.e. 6 px labels nobody can read.
 */
export const READABLE_ZOOM = 0.75;
const MAX_FIT_ZOOM = 1.2;
/** Room around a fitted flow, as a share of its size (as React Flow's fitView counts it). */
const PADDING = 0.2;
/** Screen pixels between the canvas edge and a flow too long to fit, shown from its start. */
const MARGIN = 40;

export interface Bounds { x: number; y: number; width: number; height: number }

/** The area the flow's nodes and notes take, from their stored positions (measured sizes where known). */
export function flowBounds(state: { nodes: readonly FlowCanvasNode[]; notes: readonly StickyNote[] }): Bounds | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const add = (x: number, y: number, width: number, height: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + width);
    maxY = Math.max(maxY, y + height);
  };
  for (const n of state.nodes) add(n.position.x, n.position.y, n.measured?.width ?? NODE_WIDTH, n.measured?.height ?? estimateNodeHeight(n));
  for (const n of state.notes) add(n.position.x, n.position.y, n.width ?? 240, n.height ?? 140);
  return minX === Infinity ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * The whole flow, centred, when it fits at a readable zoom; otherwise the readable zoom with the
 * flow's start (left, and top when it is also too tall) in view: the rest is scrolled to.
 */
export function readableViewport(bounds: Bounds, size: { width: number; height: number }): Viewport {
  const fit = Math.min(MAX_FIT_ZOOM, size.width / (Math.max(bounds.width, 1) * (1 + PADDING)), size.height / (Math.max(bounds.height, 1) * (1 + PADDING)));
  const zoom = Math.max(READABLE_ZOOM, fit);
  const place = (start: number, extent: number, room: number) => {
    const drawn = extent * zoom;
    return drawn <= room - 2 * MARGIN ? (room - drawn) / 2 - start * zoom : MARGIN - start * zoom;
  };
  return { x: place(bounds.x, bounds.width, size.width), y: place(bounds.y, bounds.height, size.height), zoom };
}

const editorBounds = () => flowBounds(useEditor.getState());

/**
 * Fits a flow into its canvas, never below the readable zoom: the editor's toolbar, F key and
 * canvas controls, and the run page. `boundsOf` must keep its identity (default: the editor's flow).
 */
export function useReadableFit(boundsOf: () => Bounds | null = editorBounds): (duration?: number) => void {
  const store = useStoreApi();
  const { setViewport } = useReactFlow();
  return useCallback((duration = 250) => {
    const { width, height } = store.getState();
    const bounds = boundsOf();
    if (!bounds || !width || !height) return;
    void setViewport(readableViewport(bounds, { width, height }), duration ? { duration } : undefined);
  }, [store, setViewport, boundsOf]);
}

/**
 * Fits the flow once the canvas has a size, from the stored positions: React Flow's own fit waits
 * for every node to be measured, which never happens for off-screen nodes of a large flow.
 */
export function FitOnLoad({ boundsOf }: { boundsOf?: () => Bounds | null }) {
  const fitFlow = useReadableFit(boundsOf);
  const size = useStore((s) => (s.width > 0 && s.height > 0 ? `${s.width}x${s.height}` : null));
  const done = useRef(false);
  useEffect(() => {
    if (!size || done.current) return;
    done.current = true;
    fitFlow(0);
  }, [size, fitFlow]);
  return null;
}
