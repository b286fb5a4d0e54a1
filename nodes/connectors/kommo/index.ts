import { defineConnector, type OptionSource } from '../../sdk';
import { kommoApiFor } from './api';
import { kommoAddNote } from './actions/add-note';
import { kommoContinueSalesbot } from './actions/continue-salesbot';
import { kommoCreateTask } from './actions/create-task';
import { kommoGetLead } from './actions/get-lead';
import { kommoUpdateLead } from './actions/update-lead';
import { LEAD_FIELDS_SOURCE, PIPELINES_SOURCE, STATUSES_SOURCE, USERS_SOURCE } from './props';
import { kommoButton } from './triggers/button';
import { kommoLeadStatusChanged } from './triggers/lead-status-changed';
import type { KommoConnection } from './types';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

/** Loaders behind the dynamic selects (`optionsSource`) of the pipeline and stage fields. */
export const kommoOptionSources: Record<string, OptionSource> = {
  async [PIPELINES_SOURCE](credentials, ctx) {
    const pipelines = await kommoApiFor(ctx, connectionOf(credentials)).listPipelines();
    return pipelines.map((p) => ({ value: String(p.id), label: p.name }));
  },
  async [USERS_SOURCE](credentials, ctx) {
    return (await kommoApiFor(ctx, connectionOf(credentials)).listUsers()).map((u) => ({ value: String(u.id), label: u.name }));
  },
  async [LEAD_FIELDS_SOURCE](credentials, ctx) {
    return (await kommoApiFor(ctx, connectionOf(credentials)).listLeadFields()).map((c) => ({ value: String(c.id), label: `${c.name} (${c.type})` }));
  },
  async [STATUSES_SOURCE](credentials, ctx) {
    const pipelines = await kommoApiFor(ctx, connectionOf(credentials)).listPipelines();
    const chosen = String(ctx.params.pipelineId ?? '');
    const shown = chosen ? pipelines.filter((p) => String(p.id) === chosen) : pipelines;
    // Won/lost share ids across pipelines, so list them once.
    const seen = new Set<number>();
    return shown.flatMap((p) => p.statuses
      .filter((s) => !seen.has(s.id) && seen.add(s.id))
      .map((s) => ({ value: String(s.id), label: shown.length > 1 && s.id !== 142 && s.id !== 143 ? `${p.name}: ${s.name}` : s.name })));
  },
};

export const kommoConnector = defineConnector({
  key: 'kommo',
  texts: { ru, es },
  title: 'Kommo',
  category: 'CRM',
  description: 'Kommo (amoCRM) leads: react to stage changes and card buttons, read and update deals, add notes and tasks.',
  credentials: {
    kind: 'bearer',
    fields: {
      baseUrl: {
        label: 'Account URL',
        required: true,
        default: 'https://example.kommo.com',
        placeholder: 'https://example.kommo.com',
        description: 'https://{subdomain}.kommo.com (amoCRM: https://{subdomain}.amocrm.ru)',
      },
      accessToken: {
        label: 'Long-lived token',
        secret: true,
        required: true,
        description: 'Settings → Integrations → your private integration → Keys and scopes → Long-lived token',
      },
      integrationSecret: {
        label: 'Integration secret key',
        secret: true,
        description: 'Only for the "Kommo button" trigger: checks the tokens Kommo widgets and Salesbots sign with it',
      },
    },
  },
  async testConnection(credentials, ctx) {
    await kommoApiFor(ctx, connectionOf(credentials)).getAccount();
  },
  nodes: [kommoLeadStatusChanged, kommoButton, kommoGetLead, kommoUpdateLead, kommoAddNote, kommoCreateTask, kommoContinueSalesbot],
  optionSources: kommoOptionSources,
});

export { kommoLeadStatusChanged, kommoButton, kommoGetLead, kommoUpdateLead, kommoAddNote, kommoCreateTask, kommoContinueSalesbot };

function connectionOf(credentials: Record<string, string>): KommoConnection {
  return { baseUrl: credentials.baseUrl, accessToken: credentials.accessToken, integrationSecret: credentials.integrationSecret };
}
