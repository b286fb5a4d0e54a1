import { useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../app/session';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { localizeProblem } from '../../lib/problems';
import { nodeLevelProblems } from '../graph/problems';
import { buildScope, scopePaths } from '../graph/scope';
import { useCatalogText } from '../../i18n/catalog';
import { categoryColor, KIND_ICON } from '../nodes/nodeVisuals';
import { lookupEntry, useCatalog } from '../store/catalogStore';
import { useEditor } from '../store/editorStore';
import { useRuns } from '../store/runStore';
import { FieldEnvContext, type FieldEnv } from './fieldEnv';
import { FlowOverview } from './FlowOverview';
import { HookUrl } from './HookUrl';
import { NodeData } from './NodeData';
import { ParamField } from './ParamField';
import { RetrySection } from './RetrySection';
import { SchedulePreview } from './SchedulePreview';
import { StepDetails } from './StepDetails';
import { TestRunActions } from './TestRunActions';

const EMPTY: never[] = [];

function NodeInspector({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const { canEdit } = usePermissions();
  const data = useEditor((s) => s.nodes.find((n) => n.id === nodeId)?.data);
  const readOnly = useEditor((s) => s.readOnly);
  const edges = useEditor((s) => s.edges);
  const samples = useEditor((s) => s.samples);
  const problems = useEditor((s) => s.problems.byNode[nodeId] ?? EMPTY);
  const entry = useCatalog((s) => (data ? s.byType[data.type] : undefined));
  const run = useRuns((s) => s.run);
  const steps = useRuns((s) => s.stepsByNode[nodeId]);
  const nodeStatus = useRuns((s) => s.statusByNode[nodeId] ?? 'idle');
  const setParam = useEditor((s) => s.setParam);

  const runOutputs = useMemo(() => {
    if (!run) return undefined;
    const out: Record<string, unknown> = {};
    for (const step of run.steps) if (step.status === 'succeeded') out[step.nodeId] = step.output;
    return out;
  }, [run]);

  const scope = useMemo(
    () => buildScope(nodeId, useEditor.getState().nodes, edges, lookupEntry, { runOutputs, samples }),
    [nodeId, edges, runOutputs, samples],
  );
  const suggestions = useMemo(() => scopePaths(scope), [scope]);
  const env: FieldEnv | null = useMemo(
    () => (data ? { nodeId, nodeType: data.type, readOnly, params: data.params, scope, suggestions, canPreview: canEdit, problems } : null),
    [nodeId, readOnly, data, scope, suggestions, canEdit, problems],
  );
  if (!data || !env) return null;

  const properties = Object.entries(entry?.inputSchema.properties ?? {});
  const required = new Set(entry?.inputSchema.required ?? []);
  const nodeProblems = nodeLevelProblems(problems, properties.map(([name]) => name));
  const color = categoryColor(entry?.category);
  const title = entry ? ct.nodeTitle(entry.type, entry.title) : undefined;
  const description = entry ? ct.nodeDescription(entry.type, entry.description) : undefined;

  return (
    <FieldEnvContext.Provider value={env}>
      <div className="inspector-node">
        <header className="inspector-header" style={{ ['--node-color' as string]: color }}>
          <span className="flow-node-icon"><Icon name={entry ? KIND_ICON[entry.kind] : 'alert'} size={18} /></span>
          <div className="inspector-titles">
            <span className="inspector-type">{title ?? data.type}</span>
            <span className="inspector-id" title={t('inspector.idHint')}>
              <code>$steps.{nodeId}</code>
            </span>
          </div>
          {!readOnly && (
            <Button variant="ghost" size="sm" icon="trash" title={t('inspector.delete')} aria-label={t('inspector.delete')} data-testid="inspector-delete"
              onClick={() => {
                useEditor.getState().select(nodeId);
                useEditor.getState().deleteSelection();
              }} />
          )}
        </header>
        <label className="form-field">
          <span className="form-label">{t('inspector.name')}</span>
          <input data-testid="inspector-node-name" value={data.name ?? ''} placeholder={title ?? nodeId} readOnly={readOnly}
            onChange={(e) => useEditor.getState().renameNode(nodeId, e.target.value)} />
        </label>
        {description && <p className="inspector-description">{description}</p>}

        {run && <StepDetails key={`${run.id}:${nodeId}`} steps={steps} nodeStatus={nodeStatus} portLabel={(port) => ct.port(entry, port)} />}
        <TestRunActions nodeId={nodeId} entry={entry} run={run} steps={steps} editable={!readOnly && canEdit} />

        {(nodeProblems.length > 0 || !entry) && (
          <div className="inspector-problems" data-testid="inspector-problems" role="alert">
            <Icon name="alert" />
            <ul>
              {!entry && <li>{t('editor.unknownType', { type: data.type })}</li>}
              {nodeProblems.map((p, i) => <li key={i}>{localizeProblem(p, data.type)}</li>)}
            </ul>
          </div>
        )}

        {entry?.kind === 'trigger' && typeof data.params.path === 'string' && data.params.path && <HookUrl path={data.params.path} />}
        {data.type === 'core.schedule' && <SchedulePreview params={data.params} />}

        <div className="inspector-fields">
          {properties.length === 0 && <p className="muted small">{t('inspector.noParams')}</p>}
          {properties.map(([name, prop]) => (
            <ParamField key={name} name={name} ui={prop['x-ui'] ?? { widget: 'text', expressions: true }} prop={prop}
              required={required.has(name) && prop.default === undefined} value={data.params[name]}
              onChange={(v) => setParam(nodeId, name, v)} />
          ))}
        </div>

        {entry?.kind === 'action' && (
          <RetrySection retry={data.retry} readOnly={readOnly} onChange={(r) => useEditor.getState().setRetry(nodeId, r)} />
        )}

        <NodeData nodeId={nodeId} scope={scope} />
      </div>
    </FieldEnvContext.Provider>
  );
}

export function Inspector() {
  const inspectedId = useEditor((s) => s.inspectedId);
  const exists = useEditor((s) => (s.inspectedId ? s.nodes.some((n) => n.id === s.inspectedId) : false));
  const panel = useRef<HTMLElement>(null);
  // Each node opens at its top, not where the previous node's form was scrolled to.
  useLayoutEffect(() => {
    if (panel.current) panel.current.scrollTop = 0;
  }, [inspectedId]);
  return (
    <aside className="inspector" data-testid="inspector" ref={panel}>
      {inspectedId && exists ? <NodeInspector key={inspectedId} nodeId={inspectedId} /> : <FlowOverview />}
    </aside>
  );
}
