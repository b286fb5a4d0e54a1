import { InputError, own, type FlowNode, type TriggerResult } from '@flowbridge/nodes/sdk';
import type { Sandbox } from './sandbox/sandbox';
import { resolveValue } from './expressions/resolve-params';

/** The node's own dedupe/business key expressions win over what the trigger derived itself. */
export async function triggerKeys(node: FlowNode, result: TriggerResult, sandbox: Sandbox, now: Date, which: readonly ('dedupeKey' | 'businessKey')[] = ['dedupeKey', 'businessKey']): Promise<{ dedupeKey: string | null; businessKey: string | null }> {
  const scope = { $trigger: result.output, $now: now.toISOString() };
  const key = async (param: 'dedupeKey' | 'businessKey', fallback: string | undefined): Promise<string | null> => {
    const raw = own(node.params, param);
    const value = typeof raw === 'string' && raw.trim() ? await resolveValue(raw, { sandbox, scope, nodeId: node.id, path: param }) : fallback;
    if (value === undefined || value === null || value === '') {
      if (param === 'dedupeKey' && typeof raw === 'string' && raw.trim()) {
        throw new InputError(`Dedupe key '${raw}' of '${node.id}' is empty for this request`, { field: param });
      }
      return null;
    }
    // Keys go into text columns: Postgres refuses NUL, and a lone surrogate would not survive the trip.
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return text.slice(0, 500).replace(/\u0000/g, '\uFFFD').toWellFormed();
  };
  return {
    dedupeKey: which.includes('dedupeKey') ? await key('dedupeKey', result.dedupeKey) : null,
    businessKey: which.includes('businessKey') ? await key('businessKey', result.businessKey) : null,
  };
}
