import type { TriggerContext } from '@flowbridge/nodes/sdk';
import type { Clock } from './clock';
import { trackingCredentials, type CredentialsResolver } from './credentials';
import { createHttpClient } from '@flowbridge/nodes/sdk';
import type { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { nodeLogger } from '../common/logger';

/** The context a trigger receives at intake; `secrets` collects what it decrypted, for redaction. */
export function triggerContext(flowId: string, clock: Clock, resolver: CredentialsResolver, outbound: OutboundPolicy): TriggerContext & { secrets: ReadonlySet<string> } {
  const credentials = trackingCredentials(resolver);
  return {
    secrets: credentials.secrets,
    flowId,
    now: () => clock.now(),
    http: createHttpClient({ defaultTimeoutMs: 10_000, outbound }),
    log: nodeLogger({ flowId, phase: 'intake' }),
    credentials: credentials.get,
  };
}
