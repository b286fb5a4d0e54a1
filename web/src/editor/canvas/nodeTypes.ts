import type { NodeTypes } from '@xyflow/react';
import { FlowNode } from '../nodes/FlowNode';
import { NoteNode } from '../nodes/NoteNode';

export const nodeTypes: NodeTypes = { flow: FlowNode, note: NoteNode };
