import { AuthError, defineTrigger, RemoteError, triggerKeyFields, type TriggerResult } from '../../../sdk';
import { connectKommo } from '../api';
import { isoFromUnix } from '../normalise';
import { kommoProps, optionalId } from '../props';
import { sampleAccount, sampleLead } from '../samples';
import { asList, asPositiveInt, asRecord, asText, requestPayload } from './request-payload';

interface StatusChange {
  leadId: number;
  statusId: number;
  oldStatusId: number | null;
  pipelineId: number | null;
  oldPipelineId: number | null;
  modifiedUserId: number | null;
  /** Unix seconds of the change; repeat deliveries of one change carry the same value. */
  modifiedAt: number | null;
}

export const kommoLeadStatusChanged = defineTrigger({
  type: 'kommo.leadStatusChanged',
  title: 'Lead reached stage',
  category: 'CRM',
  connector: 'kommo',
  source: 'webhook',
  description:
    'Starts a run when a Kommo lead moves to a stage. In Kommo add a webhook (Settings → Integrations → Web hooks, event "Lead status changed", '
    + 'or a Digital Pipeline "Send webhook" action) pointing at https://<flowbridge>/hooks/<hook path>. The lead is re-read through the API inside the run, with retries.',
  params: {
    connection: kommoProps.connection(),
    path: kommoProps.hookPath(),
    pipelineId: kommoProps.pipelineId('Only leads in this pipeline; empty: any'),
    statusId: kommoProps.statusId('Only leads that reached this stage; empty: any'),
    ...triggerKeyFields,
  },
  sampleOutput: {
    lead: sampleLead,
    event: { leadId: 4711, statusId: 70010001, oldStatusId: 70010000, pipelineId: 7001, oldPipelineId: 7001, modifiedUserId: 2079718, modifiedAt: '2026-01-02T12:00:00.000Z' },
    account: { ...sampleAccount, url: 'https://example.kommo.com' },
  },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  // Only parsing here: the lead is re-read in `load`, inside the run, so a bulk change while Kommo is
  // slow or down is stored at once and each lead's re-read retries on its own.
  receive(request, params) {
    const payload = requestPayload(request);
    const wantedPipeline = optionalId(params.pipelineId, 'pipelineId');
    const wantedStatus = optionalId(params.statusId, 'statusId');
    const matches = asList(asRecord(payload.leads).status)
      .map(statusChange)
      .filter((c): c is StatusChange => !!c)
      .filter((c) => (!wantedPipeline || c.pipelineId === wantedPipeline) && (!wantedStatus || c.statusId === wantedStatus));
    if (!matches.length) return null;
    const account = asRecord(payload.account);
    const accountId = asPositiveInt(account.id) ?? null;
    // A bulk stage change arrives as one delivery listing every lead: each gets its own run.
    return matches.map((change): TriggerResult => ({
      output: {
        // Until `load` re-reads it, the lead is what the webhook says: enough for keys such as {{ $trigger.lead.id }}.
        lead: { id: change.leadId, statusId: change.statusId, pipelineId: change.pipelineId },
        event: { ...change, modifiedAt: isoFromUnix(change.modifiedAt) },
        account: { id: accountId, subdomain: asText(account.subdomain) ?? null, url: asText(asRecord(account._links).self) ?? null },
      },
      dedupeKey: change.modifiedAt ? `kommo:lead:${change.leadId}:status:${change.statusId}:${change.modifiedAt}` : undefined,
      businessKey: String(change.leadId),
    }));
  },
  async load(ctx, output, params) {
    const received = output as ReceivedChange;
    const api = await connectKommo(ctx, params.connection);
    let lead;
    try {
      lead = await api.getLead(received.event.leadId, { contactDetails: true });
    } catch (error) {
      // A lead deleted right after moving has nothing left to act on.
      if (error instanceof RemoteError && error.status === 404) {
        ctx.log.warn('Kommo lead from a status webhook no longer exists', { leadId: received.event.leadId });
        return { ignore: `Kommo lead ${received.event.leadId} no longer exists` };
      }
      throw error;
    }

    // Kommo does not sign webhooks: the lead we re-read must live in the account the hook claims to come from.
    const accountId = received.account.id;
    if (accountId && accountId !== lead.accountId) {
      throw new AuthError(`Webhook names Kommo account ${accountId}, but the connection reads account ${lead.accountId}`);
    }
    return { output: { lead, event: received.event, account: { ...received.account, id: accountId ?? lead.accountId } }, businessKey: String(lead.id) };
  },
});

/** The trigger output `receive` stores, which `load` completes. */
interface ReceivedChange {
  event: Omit<StatusChange, 'modifiedAt'> & { modifiedAt: string | null };
  account: { id: number | null; subdomain: string | null; url: string | null };
}

function statusChange(entry: unknown): StatusChange | undefined {
  const raw = asRecord(entry);
  const leadId = asPositiveInt(raw.id);
  const statusId = asPositiveInt(raw.status_id);
  if (!leadId || !statusId) return undefined;
  return {
    leadId,
    statusId,
    oldStatusId: asPositiveInt(raw.old_status_id) ?? null,
    pipelineId: asPositiveInt(raw.pipeline_id) ?? null,
    oldPipelineId: asPositiveInt(raw.old_pipeline_id) ?? null,
    modifiedUserId: asPositiveInt(raw.modified_user_id) ?? null,
    // Older hooks carry only `last_modified` (v2 naming), newer ones also `updated_at`.
    modifiedAt: asPositiveInt(raw.last_modified) ?? asPositiveInt(raw.updated_at) ?? null,
  };
}
