import type { EntityManager } from 'typeorm';
import { ConfigError, type TriggerState } from '@flowbridge/nodes/sdk';

const TRIGGER_STATE_LOCK_NAMESPACE = 7305;
const MAX_KEY_LENGTH = 200;

/**
 * The durable state of one trigger node of one flow. `update` holds a lock on the key for its
 * read-change-write, so two runs loading events for one deal at once cannot both see the old value
 * (a missing row cannot be locked with `for update`, hence the advisory lock).
 */
export function triggerState(manager: EntityManager, flowId: string, nodeId: string): TriggerState {
  const read = async (tx: EntityManager, key: string): Promise<unknown> => {
    const [row] = await tx.query(`select value from trigger_state where flow_id = $1 and node_id = $2 and key = $3`, [flowId, nodeId, checked(key)]);
    return row?.value;
  };
  const write = (tx: EntityManager, key: string, value: unknown) => tx.query(
    `insert into trigger_state (flow_id, node_id, key, value, updated_at) values ($1, $2, $3, $4::jsonb, now())
     on conflict (flow_id, node_id, key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    [flowId, nodeId, checked(key), JSON.stringify(value ?? null)],
  );
  return {
    get: (key) => read(manager, key),
    set: async (key, value) => void (await write(manager, key, value)),
    update: (key, change) => manager.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock($1, hashtext($2))`, [TRIGGER_STATE_LOCK_NAMESPACE, `${flowId}\n${nodeId}\n${checked(key)}`]);
      const before = await read(tx, key);
      const next = change(before);
      if (next !== undefined) await write(tx, key, next);
      return before;
    }),
  };
}

function checked(key: string): string {
  if (!key || key.length > MAX_KEY_LENGTH) throw new ConfigError(`Trigger state keys are 1 to ${MAX_KEY_LENGTH} characters long`);
  return key;
}
