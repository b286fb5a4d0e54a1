import type { FlowTemplate } from '../../flow-template';
import { amount, bitrix24Connection, hookPath, hookPathParam, phrasesIn, sharedTexts, type Phrases } from './shared';

const DEFAULTS = { lowPercent: 3, middleFrom: 100000, middlePercent: 5, topFrom: 500000, topPercent: 7 };

// One line per rule applied: "5 % × 100000.10 = 5000.01", labelled with the tier.
const breakdown = "{{ $steps.commission.breakdown.map((l) => l.label + ': ' + l.percent + ' % × ' + l.base + ' = ' + l.part).join('; ') }}";
const say: Phrases<{ manager: string; lead: string; tiers: (middle: string, top: string) => [string, string, string] }> = {
  en: {
    manager: `Invoice #{{ $trigger.invoice.id }} for {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} is paid. Your commission: {{ $steps.commission.amount }} {{ $trigger.invoice.currency }} (${breakdown})`,
    lead: `Invoice #{{ $trigger.invoice.id }} for {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} is paid. Commission of the manager (user {{ $trigger.invoice.assignedById }}): {{ $steps.commission.amount }} {{ $trigger.invoice.currency }} (${breakdown})`,
    tiers: (middle, top) => [`below ${middle}`, `${middle} to ${top}`, `from ${top}`],
  },
  ru: {
    manager: `Счёт №{{ $trigger.invoice.id }} на {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} оплачен. Ваша комиссия: {{ $steps.commission.amount }} {{ $trigger.invoice.currency }} (${breakdown})`,
    lead: `Счёт №{{ $trigger.invoice.id }} на {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} оплачен. Комиссия менеджера (пользователь {{ $trigger.invoice.assignedById }}): {{ $steps.commission.amount }} {{ $trigger.invoice.currency }} (${breakdown})`,
    tiers: (middle, top) => [`до ${middle}`, `от ${middle} до ${top}`, `от ${top}`],
  },
  es: {
    manager: `La factura n.º {{ $trigger.invoice.id }} por {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} está pagada. Tu comisión: {{ $steps.commission.amount }} {{ $trigger.invoice.currency }} (${breakdown})`,
    lead: `La factura n.º {{ $trigger.invoice.id }} por {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} está pagada. Comisión del gestor (usuario {{ $trigger.invoice.assignedById }}): {{ $steps.commission.amount }} {{ $trigger.invoice.currency }} (${breakdown})`,
    tiers: (middle, top) => [`menos de ${middle}`, `de ${middle} a ${top}`, `desde ${top}`],
  },
};

/**
 * Seed 003: when an invoice is paid the manager sees at once what it adds to their income, and the
 * project lead sees it too. The whole amount earns the rate of the tier it falls in (not cumulative).
 */
export const paidCommissionTemplate: FlowTemplate = {
  id: 'bitrix24-invoice-paid-commission',
  title: 'Invoice paid → commission for the manager and the project lead (Bitrix24)',
  description: 'When a smart invoice is paid, compute the responsible manager\'s commission by amount tiers (by default 3 % below 100 000, 5 % from 100 000, 7 % from 500 000), exact to the kopeck, and notify the manager and the project lead of the amount and how it was made.',
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    projectLeadId: { label: 'Project lead (Bitrix24 user id)', kind: 'number', required: true },
    lowPercent: { label: 'Percent below the middle tier', kind: 'number', default: DEFAULTS.lowPercent },
    middleFrom: { label: 'Middle tier from amount', kind: 'number', default: DEFAULTS.middleFrom },
    middlePercent: { label: 'Percent in the middle tier', kind: 'number', default: DEFAULTS.middlePercent },
    topFrom: { label: 'Top tier from amount', kind: 'number', default: DEFAULTS.topFrom },
    topPercent: { label: 'Percent in the top tier', kind: 'number', default: DEFAULTS.topPercent },
    hookPath: hookPathParam('Webhook path for "invoice paid"'),
  },
  texts: {
    ru: {
      title: 'Счёт оплачен → комиссия менеджеру и ведущему проекта (Битрикс24)',
      description: 'Когда смарт-счёт оплачен, рассчитывает комиссию ответственного менеджера по порогам суммы (по умолчанию 3 % до 100 000, 5 % от 100 000, 7 % от 500 000) с точностью до копейки и сообщает менеджеру и ведущему проекта сумму и её расчёт.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        projectLeadId: { label: 'Ведущий проекта (ID пользователя Битрикс24)' },
        lowPercent: { label: 'Процент ниже среднего порога' },
        middleFrom: { label: 'Средний порог: от суммы' },
        middlePercent: { label: 'Процент от среднего порога' },
        topFrom: { label: 'Верхний порог: от суммы' },
        topPercent: { label: 'Процент от верхнего порога' },
        hookPath: sharedTexts.ru.hookPath('Путь вебхука «счёт оплачен»'),
      },
      names: {
        'Commission on paid invoices': 'Комиссия по оплаченным счетам',
        'Invoice paid': 'Счёт оплачен',
        "Manager's commission": 'Комиссия менеджера',
        'Tell the manager': 'Сообщить менеджеру',
        'Tell the project lead': 'Сообщить ведущему проекта',
      },
    },
    es: {
      title: 'Factura pagada → comisión para el gestor y el responsable del proyecto (Bitrix24)',
      description: 'Cuando se paga una factura inteligente, calcula la comisión del gestor responsable por tramos de importe (por defecto 3 % por debajo de 100 000, 5 % desde 100 000, 7 % desde 500 000), exacta al céntimo, y comunica al gestor y al responsable del proyecto el importe y su cálculo.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        projectLeadId: { label: 'Responsable del proyecto (id de usuario de Bitrix24)' },
        lowPercent: { label: 'Porcentaje por debajo del tramo medio' },
        middleFrom: { label: 'Tramo medio desde el importe' },
        middlePercent: { label: 'Porcentaje del tramo medio' },
        topFrom: { label: 'Tramo superior desde el importe' },
        topPercent: { label: 'Porcentaje del tramo superior' },
        hookPath: sharedTexts.es.hookPath('Ruta del webhook «factura pagada»'),
      },
      names: {
        'Commission on paid invoices': 'Comisión por facturas pagadas',
        'Invoice paid': 'Factura pagada',
        "Manager's commission": 'Comisión del gestor',
        'Tell the manager': 'Avisar al gestor',
        'Tell the project lead': 'Avisar al responsable del proyecto',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    const [low, middle, top] = text.tiers(amount(p.middleFrom, lang), amount(p.topFrom, lang));
    return [{
      name: 'Commission on paid invoices',
      graph: {
        schema: 1,
        nodes: [
          { id: 'paid', type: 'bitrix24.invoicePaid', name: 'Invoice paid', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'invoice-paid') } },
          {
            id: 'commission', type: 'core.commission', name: "Manager's commission", position: { x: 280, y: 0 },
            params: {
              amount: '{{ $trigger.invoice.opportunity }}',
              manager: '{{ $trigger.invoice.assignedById }}',
              mode: 'first',
              rounding: 'halfUp',
              rules: [
                { label: low, from: 0, to: p.middleFrom, percent: p.lowPercent },
                { label: middle, from: p.middleFrom, to: p.topFrom, percent: p.middlePercent },
                { label: top, from: p.topFrom, percent: p.topPercent },
              ],
            },
          },
          { id: 'manager', type: 'bitrix24.notifyUser', name: 'Tell the manager', position: { x: 560, y: -80 }, params: { connection, userId: '{{ $trigger.invoice.assignedById }}', message: text.manager } },
          { id: 'lead', type: 'bitrix24.notifyUser', name: 'Tell the project lead', position: { x: 560, y: 80 }, params: { connection, userId: p.projectLeadId, message: text.lead } },
        ],
        edges: [{ from: 'paid', to: 'commission' }, { from: 'commission', to: 'manager' }, { from: 'commission', to: 'lead' }],
      },
    }];
  },
};
