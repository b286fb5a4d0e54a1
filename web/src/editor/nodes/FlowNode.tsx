import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useCatalogText } from '../../i18n/catalog';
import { hasInput, outputPorts } from '../graph/ports';
import { INPUT_HANDLE, type FlowCanvasNode } from '../graph/types';
import { useCatalog } from '../store/catalogStore';
import { useEditor } from '../store/editorStore';
import { useRuns } from '../store/runStore';
import { categoryColor, KIND_ICON } from './nodeVisuals';

const STATUS_ICON = { succeeded: 'check', failed: 'x', waiting: 'clock', running: 'refresh', queued: 'clock', skipped: 'chevronDown' } as const;

function FlowNodeView({ id, data, selected }: NodeProps<FlowCanvasNode>) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const entry = useCatalog((s) => s.byType[data.type]);
  const editorStatus = useRuns((s) => s.statusByNode[id] ?? 'idle');
  const status = data.runStatus ?? editorStatus;
  // A run's read-only canvas is not the editor's draft: the editor's problems are not about it.
  const problemCount = useEditor((s) => (data.runStatus ? 0 : s.problems.byNode[id]?.length ?? 0));
  const updateNodeInternals = useUpdateNodeInternals();
  const ports = useMemo(() => outputPorts(entry, data.params), [entry, data.params]);
  // The input handle counts too: it appears only once the catalogue entry has loaded, and edges into
  // a node whose handles were measured before that were never drawn (the run page showed none).
  const handlesKey = `${hasInput(entry) ? 'in' : ''}>${ports.join('|')}`;
  // React Flow measures handles on mount by itself; only a change of handles needs a re-measure.
  const mountedHandles = useRef(handlesKey);
  useEffect(() => {
    if (mountedHandles.current === handlesKey) return;
    mountedHandles.current = handlesKey;
    updateNodeInternals(id);
  }, [id, handlesKey, updateNodeInternals]);

  const color = categoryColor(entry?.category);
  const typeTitle = entry ? ct.nodeTitle(entry.type, entry.title) : undefined;
  const title = data.name || typeTitle || data.type;
  const invalid = problemCount > 0 || !entry;
  const classes = ['flow-node', `status-${status}`, selected ? 'selected' : '', invalid ? 'invalid' : '', entry ? `kind-${entry.kind}` : 'kind-unknown'].filter(Boolean).join(' ');

  return (
    <div className={classes} style={{ ['--node-color' as string]: color }} data-testid="node" data-node-id={id} data-node-type={data.type}
      data-status={status} data-invalid={invalid ? 'true' : 'false'}>
      {hasInput(entry) && <Handle type="target" position={Position.Left} id={INPUT_HANDLE} className="handle-in" />}
      <div className="flow-node-header">
        <span className="flow-node-icon"><Icon name={entry ? KIND_ICON[entry.kind] : 'alert'} size={16} /></span>
        <span className="flow-node-titles">
          <span className="flow-node-title" title={title}>{title}</span>
          <span className="flow-node-subtitle">{entry ? (data.name ? typeTitle : id) : t('editor.unknownType', { type: data.type })}</span>
        </span>
        {status !== 'idle' && (
          <span className={`flow-node-status status-${status}`} title={t(`status.${status}`)}>
            <Icon name={STATUS_ICON[status]} size={12} />
          </span>
        )}
      </div>
      {data.pinnedOutput !== undefined && (
        <span className="node-pin" data-testid="node-pinned" title={t('steps.pinned')}><Icon name="pin" size={12} /></span>
      )}
      {invalid && (
        <span className="node-badge" data-testid="node-badge" title={t('editor.nodeProblems', { count: problemCount || 1 })}>
          {problemCount || '!'}
        </span>
      )}
      {ports.length > 0 && (
        <div className="flow-node-ports">
          {ports.map((port) => (
            <div key={port} className={`flow-node-port port-${port === 'error' ? 'error' : 'normal'}`}>
              <span className="port-label">{ct.port(entry, port)}</span>
              <Handle type="source" position={Position.Right} id={port} className={`handle-out handle-${port === 'error' ? 'error' : 'normal'}`} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);
