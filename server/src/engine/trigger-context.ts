import type { TriggerContext } from '@flowbridge/nodes/sdk';
import type { Clock } from './clock';
import { trackingCredentials, type CredentialsResolver } from './credentials';
import { createHttpClient } from '@flowbridge/nodes/sdk';
import type { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { logger } from '../common/logger';

/** The context a trigger receives at intake; `secrets` collects what it decrypted, for redaction. */
export function triggerContext(flowId: string, clock: Clock, resolver: CredentialsResolver, outbound: OutboundPolicy): TriggerContext & { secrets: ReadonlySet<string> } {
  const log = logger.child({ flowId, phase: 'intake' });
  const credentials = trackingCredentials(resolver);
  return {
    secrets: credentials.secrets,
    flowId,
    now: () => clock.now(),
    http: createHttpClient({ defaultTimeoutMs: 10_000, outbound }),
    log: {
      info: (m, d) => log.info(d ?? {}, m),
      warn: (m, d) => log.warn(d ?? {}, m),
      error: (m, d) => log.error(d ?? {}, m),
    },
    credentials: credentials.get,
  };
}
