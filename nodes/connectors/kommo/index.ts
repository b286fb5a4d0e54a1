import { kommoCredentialFields, readKommoAuth } from './auth';
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
import { es } from './i18n/es';
import { ru } from './i18n/ru';

/** Loaders behind the dynamic selects (`optionsSource`) of the pipeline and stage fields. */
export const kommoOptionSources: Record<string, OptionSource> = {
  async [PIPELINES_SOURCE](credentials, ctx) {
    const pipelines = await kommoApiFor(ctx, readKommoAuth(credentials)).listPipelines();
    return pipelines.map((p) => ({ value: String(p.id), label: p.name }));
  },
  async [USERS_SOURCE](credentials, ctx) {
    return (await kommoApiFor(ctx, readKommoAuth(credentials)).listUsers()).map((u) => ({ value: String(u.id), label: u.name }));
  },
  async [LEAD_FIELDS_SOURCE](credentials, ctx) {
    return (await kommoApiFor(ctx, readKommoAuth(credentials)).listLeadFields()).map((c) => ({ value: String(c.id), label: `${c.name} (${c.type})` }));
  },
  async [STATUSES_SOURCE](credentials, ctx) {
    const pipelines = await kommoApiFor(ctx, readKommoAuth(credentials)).listPipelines();
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
  credentials: { kind: 'bearer', fields: kommoCredentialFields },
  async testConnection(credentials, ctx) {
    await kommoApiFor(ctx, readKommoAuth(credentials)).getAccount();
  },
  nodes: [kommoLeadStatusChanged, kommoButton, kommoGetLead, kommoUpdateLead, kommoAddNote, kommoCreateTask, kommoContinueSalesbot],
  optionSources: kommoOptionSources,
});

export { kommoLeadStatusChanged, kommoButton, kommoGetLead, kommoUpdateLead, kommoAddNote, kommoCreateTask, kommoContinueSalesbot };
