import type { Edge, Node } from '@xyflow/react';
import type { RetryPolicy } from '../../api/types';

export type NodeStatus = 'idle' | 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting';

export type FlowNodeData = {
  type: string;
  version?: number;
  name?: string;
  params: Record<string, unknown>;
  retry?: RetryPolicy;
  /** Used instead of running the node in test runs of the draft (pinned data). */
  pinnedOutput?: unknown;
  /** Set on a run's read-only canvas (/runs/:id); the editor colours nodes from its run store instead. */
  runStatus?: NodeStatus;
};

export type FlowCanvasNode = Node<FlowNodeData, 'flow'>;
export type FlowCanvasEdge = Edge;

/**
 * The size a node counts as until it is drawn and measured. Without it, a large flow that draws only
 * what is in view (onlyRenderVisibleElements) never draws a node it has not measured: a paste of
 * 250 nodes would leave the canvas and the minimap blank.
 */
export const INITIAL_NODE_SIZE = { initialWidth: 240, initialHeight: 90 } as const;

export const INPUT_HANDLE = 'in';
export const DEFAULT_PORT = 'out';
export const ERROR_PORT = 'error';
