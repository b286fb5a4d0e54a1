import { AuthError, ConfigError, defineTrigger, f, InputError, RemoteError, triggerKeyFields } from '../../../sdk';
import { kommoApiFor } from '../api';
import { checkTokenAccount, verifyKommoToken, type KommoTokenClaims } from '../auth';
import { kommoProps } from '../props';
import { sampleAccount, sampleLead } from '../samples';
import type { KommoConnection, Lead } from '../types';
import { asPositiveInt, asRecord, asText, requestPayload } from './request-payload';

const TOKEN_HEADER = 'x-auth-token';
// Salesbot tokens name the entity they run on; 2 is a lead (12 would be a customer).
const LEAD_ENTITY_TYPE = 2;

export const kommoButton = defineTrigger({
  type: 'kommo.button',
  title: 'Kommo button',
  category: 'CRM',
  connector: 'kommo',
  source: 'webhook',
  description:
    'Starts a run when a manager presses a widget button on a lead card or a Salesbot reaches a widget_request step '
    + '(URL https://<flowbridge>/hooks/<hook path>, data {"lead_id": "{{lead.id}}"}). The request must carry a token signed with '
    + "the connection's integration secret. A Salesbot waits until a \"Continue Salesbot\" step answers it.",
  params: {
    connection: kommoProps.connection(),
    path: kommoProps.hookPath(),
    audience: f.text({
      label: 'Public address of Flowbridge',
      expressions: false,
      placeholder: 'https://flows.example.com',
      description: "When set, widget tokens addressed to another receiver (their 'aud') are refused",
    }),
    ...triggerKeyFields,
  },
  sampleOutput: {
    leadId: 4711,
    lead: sampleLead,
    source: 'salesbot',
    data: { lead_id: '4711' },
    returnUrl: 'https://example.kommo.com/api/v4/salesbot/321/continue/a1b2c3',
    user: null,
    account: sampleAccount,
  },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const body = requestPayload(request);
    const token = asText(body.token) ?? request.headers[TOKEN_HEADER];
    if (!token) throw new AuthError(`Kommo button request carries no token (body "token" or ${TOKEN_HEADER} header)`);
    const connection = await ctx.credentials<KommoConnection>(params.connection);
    if (!connection.integrationSecret) throw new ConfigError('The Kommo connection has no integration secret, so button tokens cannot be checked');
    const claims = verifyKommoToken(token, { secret: connection.integrationSecret, now: ctx.now(), audience: params.audience || undefined });
    checkTokenAccount(claims, connection.baseUrl);

    const { token: _token, ...rest } = body;
    const data = body.data !== undefined ? asRecord(body.data) : rest;
    const leadId = leadIdOf(claims, data, request.query);
    const lead = await readLead(kommoApiFor(ctx, connection), leadId);
    const claimedAccount = asPositiveInt(claims.account_id);
    if (claimedAccount && claimedAccount !== lead.accountId) {
      throw new AuthError(`Kommo token is from account ${claimedAccount}, but the connection reads account ${lead.accountId}`);
    }

    const returnUrl = asText(body.return_url) ?? null;
    const userId = asPositiveInt(claims.user_id);
    return {
      output: {
        leadId,
        lead,
        source: returnUrl ? 'salesbot' : 'widget',
        data,
        returnUrl,
        user: userId ? { id: userId, isAdmin: claims.is_admin === true } : null,
        account: { id: claimedAccount ?? lead.accountId, subdomain: asText(claims.subdomain) ?? null },
      },
      // A token is disposable and a Salesbot continue URL is unique per bot step, so either marks one press.
      dedupeKey: claims.jti ? `kommo:button:${claims.jti}` : returnUrl ? `kommo:salesbot:${returnUrl}` : undefined,
      businessKey: String(leadId),
    };
  },
});

function leadIdOf(claims: KommoTokenClaims, data: Record<string, unknown>, query: Record<string, string>): number {
  if (Number(claims.entity_type) === LEAD_ENTITY_TYPE) {
    const signed = asPositiveInt(claims.entity_id);
    if (signed) return signed;
  }
  const given = [data.lead_id, data.leadId, query.lead_id].map(asPositiveInt).find((id) => id !== undefined);
  if (!given) throw new InputError('Kommo button request names no lead: send lead_id in its data');
  return given;
}

async function readLead(api: ReturnType<typeof kommoApiFor>, leadId: number): Promise<Lead> {
  try {
    return await api.getLead(leadId, { contactDetails: true });
  } catch (error) {
    if (error instanceof RemoteError && error.status === 404) throw new InputError(`Kommo lead ${leadId} does not exist`);
    throw error;
  }
}
