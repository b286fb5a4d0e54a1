import type { NodeTypes } from '@xyflow/react';
import { FlowNode } from '../nodes/FlowNode';

export const nodeTypes: NodeTypes = { flow: FlowNode };
