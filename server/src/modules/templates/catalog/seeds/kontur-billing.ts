import type { FlowTemplate, TemplateParam } from '../../flow-template';
import { TemplateParamError } from '../../flow-template';
import { bitrix24Connection, hookPath, hookPathParam, literal, sharedTexts } from '../bitrix24/shared';
import { dealField } from './sbis-act-signing';

const konturConnection: TemplateParam = { label: 'Kontur.Billing connection', kind: 'connection', connector: 'kontur-billing', required: true };
const konturTexts = { ru: { label: 'Подключение Контур.Биллинга' }, es: { label: 'Conexión de Kontur.Billing' } };

/** Deal fields the sync reads and writes, by the names the two sides share. */
const FIELD_PARAMS = {
  innField: { label: 'Deal field with the client INN', kind: 'text', default: 'UF_CRM_INN' },
  kppField: { label: 'Deal field with the client KPP', kind: 'text', default: 'UF_CRM_KPP' },
  orderTypeField: { label: 'Deal field "Order type"', kind: 'text', default: 'UF_CRM_ORDER_TYPE' },
  productField: { label: 'Deal field "Product"', kind: 'text', default: 'UF_CRM_PRODUCT' },
  completionField: { label: 'Deal field "Completion date"', kind: 'text', default: 'UF_CRM_COMPLETION_DATE', description: 'A text or date field holding YYYY-MM-DD' },
} satisfies Record<string, TemplateParam>;

const FIELD_TEXTS = {
  ru: {
    innField: { label: 'Поле сделки с ИНН клиента' },
    kppField: { label: 'Поле сделки с КПП клиента' },
    orderTypeField: { label: 'Поле сделки «Тип заказа»' },
    productField: { label: 'Поле сделки «Продукт»' },
    completionField: { label: 'Поле сделки «Дата завершения»', description: 'Текстовое поле или поле-дата в формате ГГГГ-ММ-ДД' },
  },
  es: {
    innField: { label: 'Campo del negocio con el INN del cliente' },
    kppField: { label: 'Campo del negocio con el KPP del cliente' },
    orderTypeField: { label: 'Campo del negocio «Tipo de pedido»' },
    productField: { label: 'Campo del negocio «Producto»' },
    completionField: { label: 'Campo del negocio «Fecha de finalización»', description: 'Un campo de texto o fecha con AAAA-MM-DD' },
  },
};

type Params = Record<string, string | number>;

/** A Bitrix24 field code from a param: upper-case letters, digits and _, as Bitrix24 names them. */
function code(p: Params, param: keyof typeof FIELD_PARAMS): string {
  const value = String(Object.hasOwn(p, param) ? p[param] : FIELD_PARAMS[param].default).trim().toUpperCase();
  if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(value)) throw new TemplateParamError(`'${value}' is not a Bitrix24 field code`, param);
  return value;
}

/** What both sides share, read from a deal the trigger (re-)read. */
function dealRecord(p: Params, deal = '$trigger.deal'): string {
  const f = (param: keyof typeof FIELD_PARAMS) => dealField(code(p, param), param).replaceAll('$trigger.deal', deal);
  return `({ client: ${deal}.title, inn: ${f('innField')}, kpp: ${f('kppField')}, orderType: ${f('orderTypeField')}, product: ${f('productField')}, `
    + `completionDate: ${f('completionField')}, comment: (Object.hasOwn(${deal}.fields, 'COMMENTS') ? ${deal}.fields.COMMENTS : '') })`;
}

/** The same, read from a potential sale. */
function saleRecord(sale: string): string {
  return `({ client: ${sale}.client.name, inn: ${sale}.client.inn, kpp: ${sale}.client.kpp, orderType: ${sale}.orderType, product: ${sale}.product, completionDate: ${sale}.completionDate, comment: ${sale}.comment })`;
}

/** Deal fields to write from a record expression (the sale's, or the one the sync settled on). */
function dealFieldsFrom(p: Params, record: string): Record<string, string> {
  return {
    [code(p, 'innField')]: `{{ ${record}.inn ?? '' }}`,
    [code(p, 'kppField')]: `{{ ${record}.kpp ?? '' }}`,
    [code(p, 'orderTypeField')]: `{{ ${record}.orderType ?? '' }}`,
    [code(p, 'productField')]: `{{ ${record}.product ?? '' }}`,
    [code(p, 'completionField')]: `{{ ${record}.completionDate ?? '' }}`,
    COMMENTS: `{{ ${record}.comment ?? '' }}`,
  };
}

/** Potential-sale params from a record expression. */
function saleValuesFrom(record: string) {
  return {
    clientName: `{{ ${record}.client }}`, clientInn: `{{ ${record}.inn }}`, clientKpp: `{{ ${record}.kpp ?? '' }}`,
    orderType: `{{ ${record}.orderType ?? '' }}`, product: `{{ ${record}.product ?? '' }}`, completionDate: `{{ ${record}.completionDate ?? '' }}`, comment: `{{ ${record}.comment ?? '' }}`,
  };
}

const SYNC = 'bitrix24-deals:kontur-sales';

/**
 * Seed 002: deals converted in the CRM appear in Kontur.Billing as potential sales, sales
 * registered there appear as CRM deals, and edits on either side reach the other — through the
 * sync-state store, so the sync's own write coming back is not sent again, and a change on both
 * sides is settled by the declared rule, in the run log.
 */
export const konturSalesSyncTemplate: FlowTemplate = {
  id: 'kontur-billing-sales-sync',
  title: 'Two-way sync of Bitrix24 deals and Kontur.Billing potential sales',
  description:
    'A deal that reaches the won stage becomes a potential sale in Kontur.Billing (client requisites, contact, order type, product, completion date, comment); '
    + 'a potential sale registered in the portal becomes a deal. Later edits on either side update the other once: the sync remembers what it wrote, so its own write coming back stops there. '
    + 'When both sides changed since the last sync, the rule you choose decides (by default the newest change wins), and the run log says so.',
  connectors: ['bitrix24', 'kontur-billing'],
  params: {
    bitrix24Connection,
    konturConnection,
    wonStageId: { label: 'Stage "Converted"', kind: 'text', required: true, description: 'A deal at this stage is sent to the portal, e.g. C1:WON' },
    newDealStageId: { label: 'Stage of deals made from portal sales', kind: 'text', description: 'Empty: the first stage of the pipeline' },
    conflictRule: { label: 'When both sides changed', kind: 'text', default: 'newest', description: 'newest, crm or portal' },
    ...FIELD_PARAMS,
    hookPath: hookPathParam('Bitrix24 webhook path (deal updates)'),
  },
  texts: {
    ru: {
      title: 'Двусторонняя синхронизация сделок Битрикс24 и потенциальных продаж Контур.Биллинга',
      description:
        'Сделка на стадии «Сконвертирована» становится потенциальной продажей в Контур.Биллинге (реквизиты и контакт клиента, тип заказа, продукт, дата завершения, комментарий); '
        + 'потенциальная продажа, зарегистрированная в портале, становится сделкой. Последующие изменения на любой стороне один раз попадают на другую: синхронизация помнит, что записала, поэтому её собственная запись, вернувшись, дальше не идёт. '
        + 'Если после прошлой синхронизации изменились обе стороны, решает выбранное правило (по умолчанию побеждает более новое изменение), и журнал запуска это показывает.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        konturConnection: konturTexts.ru,
        wonStageId: { label: 'Стадия «Сконвертирована»', description: 'Сделка на этой стадии передаётся в портал, например C1:WON' },
        newDealStageId: { label: 'Стадия сделок из продаж портала', description: 'Пусто — первая стадия воронки' },
        conflictRule: { label: 'Если изменились обе стороны', description: 'newest (более новое), crm или portal' },
        ...FIELD_TEXTS.ru,
        hookPath: sharedTexts.ru.hookPath('Путь вебхука Битрикс24 (изменения сделок)'),
      },
      names: {
        'Deal → potential sale': 'Сделка → потенциальная продажа',
        'Potential sale → deal': 'Потенциальная продажа → сделка',
        'Deal changed': 'Сделка изменена',
        'Sale of the deal in the portal': 'Продажа сделки в портале',
        'Anything new for the portal?': 'Есть что передать в портал?',
        'Deal converted?': 'Сделка сконвертирована?',
        'Contact of the deal': 'Контакт сделки',
        'Register the potential sale': 'Зарегистрировать потенциальную продажу',
        'Remember the new pair': 'Запомнить новую пару',
        'Update the potential sale': 'Обновить потенциальную продажу',
        'Remember the update': 'Запомнить обновление',
        'Deal takes the portal\'s version': 'Сделка принимает версию портала',
        'Remember the portal\'s version': 'Запомнить версию портала',
        'Potential sale changed': 'Потенциальная продажа изменена',
        'Deal of the sale': 'Сделка продажи',
        'Does the sale name a deal?': 'Продажа ссылается на сделку?',
        'Anything new for the CRM?': 'Есть что передать в CRM?',
        'Create the deal': 'Создать сделку',
        'Update the deal': 'Обновить сделку',
        'Sale takes the CRM\'s version': 'Продажа принимает версию CRM',
        'Remember the CRM\'s version': 'Запомнить версию CRM',
      },
    },
    es: {
      title: 'Sincronización bidireccional de negocios de Bitrix24 y ventas potenciales de Kontur.Billing',
      description:
        'Un negocio que llega a la etapa ganada se convierte en una venta potencial en Kontur.Billing (datos fiscales y contacto del cliente, tipo de pedido, producto, fecha de finalización, comentario); '
        + 'una venta potencial registrada en el portal se convierte en un negocio. Los cambios posteriores en cualquier lado llegan al otro una sola vez: la sincronización recuerda lo que escribió, así su propia escritura al volver se detiene ahí. '
        + 'Si ambos lados cambiaron desde la última sincronización, decide la regla elegida (por defecto gana el cambio más reciente) y el registro de la ejecución lo dice.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        konturConnection: konturTexts.es,
        wonStageId: { label: 'Etapa «Convertido»', description: 'Un negocio en esta etapa se envía al portal, p. ej. C1:WON' },
        newDealStageId: { label: 'Etapa de los negocios creados desde el portal', description: 'Vacío: la primera etapa del embudo' },
        conflictRule: { label: 'Si cambiaron ambos lados', description: 'newest (el más reciente), crm o portal' },
        ...FIELD_TEXTS.es,
        hookPath: sharedTexts.es.hookPath('Ruta del webhook de Bitrix24 (cambios de negocios)'),
      },
      names: {
        'Deal → potential sale': 'Negocio → venta potencial',
        'Potential sale → deal': 'Venta potencial → negocio',
        'Deal changed': 'Negocio cambiado',
        'Sale of the deal in the portal': 'Venta del negocio en el portal',
        'Anything new for the portal?': '¿Algo nuevo para el portal?',
        'Deal converted?': '¿Negocio convertido?',
        'Contact of the deal': 'Contacto del negocio',
        'Register the potential sale': 'Registrar la venta potencial',
        'Remember the new pair': 'Recordar el nuevo par',
        'Update the potential sale': 'Actualizar la venta potencial',
        'Remember the update': 'Recordar la actualización',
        'Deal takes the portal\'s version': 'El negocio toma la versión del portal',
        'Remember the portal\'s version': 'Recordar la versión del portal',
        'Potential sale changed': 'Venta potencial cambiada',
        'Deal of the sale': 'Negocio de la venta',
        'Does the sale name a deal?': '¿La venta nombra un negocio?',
        'Anything new for the CRM?': '¿Algo nuevo para el CRM?',
        'Create the deal': 'Crear el negocio',
        'Update the deal': 'Actualizar el negocio',
        'Sale takes the CRM\'s version': 'La venta toma la versión del CRM',
        'Remember the CRM\'s version': 'Recordar la versión del CRM',
      },
    },
  },
  flows(p, unique) {
    const connection = p.bitrix24Connection;
    const kb = p.konturConnection;
    const rule = String(p.conflictRule ?? 'newest').trim().toLowerCase();
    if (!['newest', 'crm', 'portal'].includes(rule)) throw new TemplateParamError(`'${rule}' is not a rule: newest, crm or portal`, 'conflictRule');
    const won = literal(p.wonStageId, 'wonStageId');
    const deal = dealRecord(p);
    const twinSale = saleRecord('$steps.twin.sale');
    const sale = saleRecord('$trigger.sale');
    const twinDeal = dealRecord(p, '$steps.twin.deal');
    const dealId = '{{ String($trigger.deal.id) }}';
    return [
      {
        name: 'Deal → potential sale',
        graph: {
          schema: 1,
          nodes: [
            { id: 'deal', type: 'bitrix24.dealUpdated', name: 'Deal changed', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'deals') } },
            { id: 'twin', type: 'kontur-billing.findPotentialSale', name: 'Sale of the deal in the portal', position: { x: 260, y: 0 }, params: { connection: kb, externalId: dealId } },
            {
              id: 'check', type: 'core.syncCheck', name: 'Anything new for the portal?', position: { x: 520, y: 0 },
              params: {
                sync: SYNC, side: 'left', id: dealId, record: `{{ ${deal} }}`, otherRecord: `{{ $steps.twin.found ? ${twinSale} : null }}`,
                conflictRule: rule === 'crm' ? 'this' : rule === 'portal' ? 'other' : 'newest',
                changedAt: '{{ Object.hasOwn($trigger.deal.fields, "DATE_MODIFY") ? $trigger.deal.fields.DATE_MODIFY : "" }}',
                otherChangedAt: '{{ $steps.twin.found ? $steps.twin.sale.updatedAt : "" }}',
              },
            },
            { id: 'converted', type: 'core.if', name: 'Deal converted?', position: { x: 780, y: -160 }, params: { condition: `{{ $trigger.deal.stageId === ${won} }}` } },
            { id: 'contact', type: 'bitrix24.getContact', name: 'Contact of the deal', position: { x: 1040, y: -160 }, params: { connection, contactId: '{{ String($trigger.deal.contactId ?? "") }}' } },
            {
              id: 'register', type: 'kontur-billing.createPotentialSale', name: 'Register the potential sale', position: { x: 1300, y: -160 },
              params: {
                connection: kb, externalId: dealId, ...saleValuesFrom(deal),
                contactName: '{{ $steps.contact.contact ? $steps.contact.contact.name : "" }}',
                contactPhone: '{{ $steps.contact.contact ? ($steps.contact.contact.phone ?? "") : "" }}',
                contactEmail: '{{ $steps.contact.contact ? ($steps.contact.contact.email ?? "") : "" }}',
              },
            },
            { id: 'linkNew', type: 'core.syncLink', name: 'Remember the new pair', position: { x: 1560, y: -160 }, params: { sync: SYNC, leftId: dealId, rightId: '{{ $steps.register.sale.id }}', leftRecord: `{{ ${deal} }}`, rightRecord: `{{ ${saleRecord('$steps.register.sale')} }}` } },
            { id: 'update', type: 'kontur-billing.updatePotentialSale', name: 'Update the potential sale', position: { x: 780, y: 0 }, params: { connection: kb, saleId: '{{ $steps.check.twinId }}', ...saleValuesFrom(deal) } },
            { id: 'linkUpdated', type: 'core.syncLink', name: 'Remember the update', position: { x: 1040, y: 0 }, params: { sync: SYNC, leftId: dealId, rightId: '{{ $steps.check.twinId }}', leftRecord: `{{ ${deal} }}`, rightRecord: `{{ ${saleRecord('$steps.update')} }}` } },
            { id: 'takePortal', type: 'bitrix24.updateDeal', name: 'Deal takes the portal\'s version', position: { x: 780, y: 160 }, params: { connection, dealId, title: `{{ ${twinSale}.client }}`, fields: dealFieldsFrom(p, twinSale) } },
            { id: 'linkPortal', type: 'core.syncLink', name: 'Remember the portal\'s version', position: { x: 1040, y: 160 }, params: { sync: SYNC, leftId: dealId, rightId: '{{ $steps.check.twinId }}', leftRecord: `{{ ${twinSale} }}`, rightRecord: `{{ ${twinSale} }}` } },
          ],
          edges: [
            { from: 'deal', to: 'twin' }, { from: 'twin', to: 'check' },
            { from: 'check', port: 'create', to: 'converted' }, { from: 'converted', port: 'true', to: 'contact' },
            // A deal without a contact still registers its sale, with the client's requisites alone.
            { from: 'contact', to: 'register' }, { from: 'contact', port: 'error', to: 'register' }, { from: 'register', to: 'linkNew' },
            { from: 'check', port: 'update', to: 'update' }, { from: 'update', to: 'linkUpdated' },
            { from: 'check', port: 'overwritten', to: 'takePortal' }, { from: 'takePortal', to: 'linkPortal' },
          ],
        },
      },
      {
        name: 'Potential sale → deal',
        graph: {
          schema: 1,
          nodes: [
            { id: 'sale', type: 'kontur-billing.potentialSaleChanged', name: 'Potential sale changed', position: { x: 0, y: 0 }, params: { connection: kb, only: 'all' } },
            // The CRM's side as it is now, for a change on both sides: a sale made from a deal names it.
            { id: 'named', type: 'core.if', name: 'Does the sale name a deal?', position: { x: 260, y: 0 }, params: { condition: '{{ !!$trigger.sale.externalId }}' } },
            { id: 'twin', type: 'bitrix24.getDeal', name: 'Deal of the sale', position: { x: 400, y: -100 }, params: { connection, dealId: '{{ String($trigger.sale.externalId) }}' } },
            {
              id: 'check', type: 'core.syncCheck', name: 'Anything new for the CRM?', position: { x: 520, y: 0 },
              params: {
                sync: SYNC, side: 'right', id: '{{ String($trigger.sale.id) }}', record: `{{ ${sale} }}`, otherRecord: `{{ $steps.twin?.deal ? ${twinDeal} : null }}`,
                conflictRule: rule === 'crm' ? 'other' : rule === 'portal' ? 'this' : 'newest',
                changedAt: '{{ $trigger.sale.updatedAt ?? "" }}',
                otherChangedAt: '{{ $steps.twin?.deal && Object.hasOwn($steps.twin.deal.fields, "DATE_MODIFY") ? $steps.twin.deal.fields.DATE_MODIFY : "" }}',
              },
            },
            {
              id: 'create', type: 'bitrix24.createDeal', name: 'Create the deal', position: { x: 780, y: -160 },
              params: {
                connection, originId: '{{ String($trigger.sale.id) }}', title: `{{ ${sale}.client }}`, ...(p.newDealStageId ? { stageId: String(p.newDealStageId) } : {}),
                fields: dealFieldsFrom(p, sale),
              },
            },
            { id: 'linkNew', type: 'core.syncLink', name: 'Remember the new pair', position: { x: 1040, y: -160 }, params: { sync: SYNC, leftId: '{{ String($steps.create.dealId) }}', rightId: '{{ String($trigger.sale.id) }}', leftRecord: `{{ ${sale} }}`, rightRecord: `{{ ${sale} }}` } },
            { id: 'update', type: 'bitrix24.updateDeal', name: 'Update the deal', position: { x: 780, y: 0 }, params: { connection, dealId: '{{ $steps.check.twinId }}', title: `{{ ${sale}.client }}`, fields: dealFieldsFrom(p, sale) } },
            { id: 'linkUpdated', type: 'core.syncLink', name: 'Remember the update', position: { x: 1040, y: 0 }, params: { sync: SYNC, leftId: '{{ $steps.check.twinId }}', rightId: '{{ String($trigger.sale.id) }}', leftRecord: `{{ ${sale} }}`, rightRecord: `{{ ${sale} }}` } },
            { id: 'takeCrm', type: 'kontur-billing.updatePotentialSale', name: 'Sale takes the CRM\'s version', position: { x: 780, y: 160 }, params: { connection: kb, saleId: '{{ String($trigger.sale.id) }}', ...saleValuesFrom(twinDeal) } },
            { id: 'linkCrm', type: 'core.syncLink', name: 'Remember the CRM\'s version', position: { x: 1040, y: 160 }, params: { sync: SYNC, leftId: '{{ $steps.check.twinId }}', rightId: '{{ String($trigger.sale.id) }}', leftRecord: `{{ ${twinDeal} }}`, rightRecord: `{{ ${saleRecord('$steps.takeCrm')} }}` } },
          ],
          edges: [
            // A sale registered in the portal names no deal: the check goes on without the CRM's side, as it does when the deal is gone.
            { from: 'sale', to: 'named' }, { from: 'named', port: 'true', to: 'twin' }, { from: 'named', port: 'false', to: 'check' },
            { from: 'twin', to: 'check' }, { from: 'twin', port: 'error', to: 'check' },
            { from: 'check', port: 'create', to: 'create' }, { from: 'create', to: 'linkNew' },
            { from: 'check', port: 'update', to: 'update' }, { from: 'update', to: 'linkUpdated' },
            { from: 'check', port: 'overwritten', to: 'takeCrm' }, { from: 'takeCrm', to: 'linkCrm' },
          ],
        },
      },
    ];
  },
};

/** Seed 002: a payment Kontur reports for an invoice sets the payment status of the deal it belongs to, once. */
export const konturPaymentStatusTemplate: FlowTemplate = {
  id: 'kontur-billing-payment-status',
  title: 'Kontur.Billing invoice paid → payment status on the Bitrix24 deal',
  description:
    'When Kontur reports a payment of an invoice, the deal the invoice belongs to (the potential sale\'s external id) gets its payment status, and optionally moves to a stage. '
    + 'A payment reported twice sets it once. Kontur.Billing is polled every minute.',
  connectors: ['bitrix24', 'kontur-billing'],
  params: {
    bitrix24Connection,
    konturConnection,
    statusField: { label: 'Deal field "Payment status"', kind: 'text', default: 'UF_CRM_PAYMENT_STATUS' },
    paidValue: { label: 'Value meaning "paid"', kind: 'text', default: 'paid' },
    paidStageId: { label: 'Stage of a paid deal', kind: 'text', description: 'Empty: the stage stays' },
  },
  texts: {
    ru: {
      title: 'Оплата счёта в Контур.Биллинге → статус оплаты в сделке Битрикс24',
      description:
        'Когда Контур сообщает об оплате счёта, сделка, к которой относится счёт (внешний идентификатор потенциальной продажи), получает статус оплаты и, если задано, переходит на стадию. '
        + 'Оплата, о которой сообщили дважды, отмечается один раз. Контур.Биллинг опрашивается раз в минуту.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        konturConnection: konturTexts.ru,
        statusField: { label: 'Поле сделки «Статус оплаты»' },
        paidValue: { label: 'Значение «оплачено»' },
        paidStageId: { label: 'Стадия оплаченной сделки', description: 'Пусто — стадия не меняется' },
      },
      names: { 'Payment status from Kontur.Billing': 'Статус оплаты из Контур.Биллинга', 'Invoice paid in Kontur.Billing': 'Счёт оплачен в Контур.Биллинге', 'Deal: paid': 'Сделка: оплачено' },
    },
    es: {
      title: 'Factura pagada en Kontur.Billing → estado de pago en el negocio de Bitrix24',
      description:
        'Cuando Kontur informa del pago de una factura, el negocio al que pertenece (el id externo de la venta potencial) recibe su estado de pago y, si se indica, pasa a una etapa. '
        + 'Un pago informado dos veces se marca una vez. Kontur.Billing se consulta cada minuto.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        konturConnection: konturTexts.es,
        statusField: { label: 'Campo del negocio «Estado de pago»' },
        paidValue: { label: 'Valor que significa «pagado»' },
        paidStageId: { label: 'Etapa de un negocio pagado', description: 'Vacío: la etapa no cambia' },
      },
      names: { 'Payment status from Kontur.Billing': 'Estado de pago desde Kontur.Billing', 'Invoice paid in Kontur.Billing': 'Factura pagada en Kontur.Billing', 'Deal: paid': 'Negocio: pagado' },
    },
  },
  flows(p) {
    const field = String(p.statusField ?? 'UF_CRM_PAYMENT_STATUS').trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(field)) throw new TemplateParamError(`'${field}' is not a Bitrix24 field code`, 'statusField');
    return [{
      name: 'Payment status from Kontur.Billing',
      graph: {
        schema: 1,
        nodes: [
          { id: 'paid', type: 'kontur-billing.invoicePaid', name: 'Invoice paid in Kontur.Billing', position: { x: 0, y: 0 }, params: { connection: p.konturConnection, businessKey: '{{ $trigger.invoice.externalId ?? "" }}' } },
          {
            id: 'deal', type: 'bitrix24.updateDeal', name: 'Deal: paid', position: { x: 280, y: 0 },
            params: { connection: p.bitrix24Connection, dealId: '{{ String($trigger.invoice.externalId ?? "") }}', ...(p.paidStageId ? { stageId: String(p.paidStageId) } : {}), fields: { [field]: String(p.paidValue ?? 'paid') }, registerEvent: true },
          },
        ],
        edges: [{ from: 'paid', to: 'deal' }],
      },
    }];
  },
};
