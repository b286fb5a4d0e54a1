import type { FlowTemplate, TemplateParam } from '../../flow-template';
import { bitrix24Connection, given, hookPath, hookPathParam, literal, sharedTexts } from './shared';

const PAIRS = [1, 2, 3] as const;

/** `record[code]` as an expression, own keys only; a list property ({ "3401": "45000" }) gives its first value. */
function valueOf(record: string, code: string | number, param: string): string {
  const key = literal(code, param);
  return `((v) => v !== null && typeof v === 'object' ? (Object.values(v)[0] ?? '') : (v ?? ''))(${record} && Object.hasOwn(${record}, ${key}) ? ${record}[${key}] : undefined)`;
}

const pairParams = Object.fromEntries(PAIRS.flatMap((i): [string, TemplateParam][] => [
  [`copy${i}From`, { label: `List field ${i} to copy`, kind: 'text', required: i === 1, description: i === 1 ? 'e.g. PROPERTY_118 (rent) or NAME' : 'Optional' }],
  [`copy${i}To`, { label: `Deal field ${i} to fill`, kind: 'text', required: i === 1, description: i === 1 ? 'e.g. UF_CRM_1725365197310' : 'Optional' }],
]));
const pairTexts = (lang: 'ru' | 'es') => Object.fromEntries(PAIRS.flatMap((i) => lang === 'ru'
  ? [[`copy${i}From`, { label: `Поле списка ${i}, которое копировать`, description: i === 1 ? 'например PROPERTY_118 (аренда) или NAME' : 'Необязательно' }], [`copy${i}To`, { label: `Поле сделки ${i}, которое заполнить`, description: i === 1 ? 'например UF_CRM_1725365197310' : 'Необязательно' }]]
  : [[`copy${i}From`, { label: `Campo ${i} de la lista que copiar`, description: i === 1 ? 'p. ej. PROPERTY_118 (alquiler) o NAME' : 'Opcional' }], [`copy${i}To`, { label: `Campo ${i} del negocio que rellenar`, description: i === 1 ? 'p. ej. UF_CRM_1725365197310' : 'Opcional' }]]));

/**
 * Seed 003 (real estate agency): a new deal names an object; the object's data (rent, cleaning
 * standard, owner's contacts…) is copied into the deal's fields from a Bitrix24 reference list.
 */
export const dealReferenceListTemplate: FlowTemplate = {
  id: 'bitrix24-deal-from-reference-list',
  title: 'New deal → fill its fields from a reference list (Bitrix24)',
  description: 'When a deal is created, find the item of a Bitrix24 list (objects, rates, cleaning standards…) that the deal names, and copy up to three of its fields into the deal.',
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    listId: { label: 'Reference list id', kind: 'number', required: true },
    dealKeyField: { label: 'Deal field naming the list item', kind: 'text', required: true, description: 'e.g. UF_CRM_OBJECT, holding the object as the list names it' },
    listKeyField: { label: 'List field to match it with', kind: 'text', default: 'NAME' },
    ...pairParams,
    hookPath: hookPathParam('Webhook path for "deal created"'),
  },
  texts: {
    ru: {
      title: 'Новая сделка → заполнить поля из справочника (Битрикс24)',
      description: 'При создании сделки находит элемент списка Битрикс24 (объекты, тарифы, стандарты уборки…), указанный в сделке, и копирует до трёх его полей в поля сделки.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        listId: { label: 'ID списка-справочника' },
        dealKeyField: { label: 'Поле сделки, указывающее элемент списка', description: 'например UF_CRM_OBJECT, где объект записан так же, как в списке' },
        listKeyField: { label: 'Поле списка для сравнения' },
        ...pairTexts('ru'),
        hookPath: sharedTexts.ru.hookPath('Путь вебхука «сделка создана»'),
      },
      names: {
        'Fill new deals from the reference list': 'Заполнение новых сделок из справочника',
        'Deal created': 'Сделка создана',
        'Names a list item?': 'В сделке указан элемент?',
        'Find the list item': 'Найти элемент списка',
        'Item found?': 'Элемент найден?',
        'Copy its fields into the deal': 'Скопировать его поля в сделку',
      },
    },
    es: {
      title: 'Negocio nuevo → rellenar sus campos desde una lista de referencia (Bitrix24)',
      description: 'Cuando se crea un negocio, busca el elemento de una lista de Bitrix24 (inmuebles, tarifas, estándares de limpieza…) que el negocio indica y copia hasta tres de sus campos al negocio.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        listId: { label: 'Id de la lista de referencia' },
        dealKeyField: { label: 'Campo del negocio que indica el elemento', description: 'p. ej. UF_CRM_OBJECT, con el inmueble escrito como en la lista' },
        listKeyField: { label: 'Campo de la lista con el que compararlo' },
        ...pairTexts('es'),
        hookPath: sharedTexts.es.hookPath('Ruta del webhook «negocio creado»'),
      },
      names: {
        'Fill new deals from the reference list': 'Rellenar negocios nuevos desde la lista de referencia',
        'Deal created': 'Negocio creado',
        'Names a list item?': '¿Indica un elemento?',
        'Find the list item': 'Buscar el elemento de la lista',
        'Item found?': '¿Se encontró?',
        'Copy its fields into the deal': 'Copiar sus campos al negocio',
      },
    },
  },
  flows(p, unique) {
    const connection = p.bitrix24Connection;
    const item = '$steps.find.items[0]';
    const fields = Object.fromEntries(PAIRS.filter((i) => given(p, `copy${i}From`) && given(p, `copy${i}To`))
      .map((i) => [String(p[`copy${i}To`]).trim(), `{{ ${valueOf(item, String(p[`copy${i}From`]).trim(), `copy${i}From`)} }}`]));
    const key = valueOf('$trigger.deal.fields', String(p.dealKeyField).trim(), 'dealKeyField');
    return [{
      name: 'Fill new deals from the reference list',
      graph: {
        schema: 1,
        nodes: [
          { id: 'created', type: 'bitrix24.dealCreated', name: 'Deal created', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'deal-created') } },
          // An empty filter value could match any item: a deal that names none is left alone.
          { id: 'named', type: 'core.if', name: 'Names a list item?', position: { x: 280, y: 0 }, params: { condition: `{{ String(${key}).trim() !== '' }}` } },
          {
            id: 'find', type: 'bitrix24.listElements', name: 'Find the list item', position: { x: 560, y: 0 },
            params: { connection, listId: p.listId, filter: { [String(p.listKeyField ?? 'NAME').trim()]: `{{ ${key} }}` }, maxItems: 1 },
          },
          { id: 'found', type: 'core.if', name: 'Item found?', position: { x: 840, y: 0 }, params: { condition: '{{ $steps.find.count > 0 }}' } },
          { id: 'fill', type: 'bitrix24.updateDeal', name: 'Copy its fields into the deal', position: { x: 1120, y: 0 }, params: { connection, dealId: '{{ $trigger.deal.id }}', fields } },
        ],
        edges: [{ from: 'created', to: 'named' }, { from: 'named', port: 'true', to: 'find' }, { from: 'find', to: 'found' }, { from: 'found', port: 'true', to: 'fill' }],
      },
    }];
  },
};
