import { InputError, type FlowNode, type TriggerResult } from '@flowbridge/nodes/sdk';
import type { Sandbox } from '../../engine/sandbox/sandbox';
import { resolveValue } from '../../engine/expressions/resolve-params';

/** The node's own dedupe/business key expressions win over what the trigger derived itself. */
export async function triggerKeys(node: FlowNode, result: TriggerResult, sandbox: Sandbox, now: Date): Promise<{ dedupeKey: string | null; businessKey: string | null }> {
  const scope = { $trigger: result.output, $now: now.toISOString() };
  const key = async (param: 'dedupeKey' | 'businessKey', fallback: string | undefined): Promise<string | null> => {
    const raw = node.params[param];
    const value = typeof raw === 'string' && raw.trim() ? await resolveValue(raw, { sandbox, scope, nodeId: node.id, path: param }) : fallback;
    if (value === undefined || value === null || value === '') {
      if (param === 'dedupeKey' && typeof raw === 'string' && raw.trim()) {
        throw new InputError(`Dedupe key '${raw}' of '${node.id}' is empty for this request`, { field: param });
      }
      return null;
    }
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value).slice(0, 500);
  };
  return { dedupeKey: await key('dedupeKey', result.dedupeKey), businessKey: await key('businessKey', result.businessKey) };
}
