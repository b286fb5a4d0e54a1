import type { TriggerContext } from '@flowbridge/nodes/sdk';
import type { Clock } from '../../engine/clock';
import type { CredentialsResolver } from '../../engine/credentials';
import { createHttpClient } from '@flowbridge/nodes/sdk';
import { logger } from '../../common/logger';

export function triggerContext(flowId: string, clock: Clock, credentials: CredentialsResolver): TriggerContext {
  const log = logger.child({ flowId, phase: 'intake' });
  return {
    flowId,
    now: () => clock.now(),
    http: createHttpClient({ defaultTimeoutMs: 10_000 }),
    log: {
      info: (m, d) => log.info(d ?? {}, m),
      warn: (m, d) => log.warn(d ?? {}, m),
      error: (m, d) => log.error(d ?? {}, m),
    },
    credentials: (id) => credentials.resolve(id),
  };
}
