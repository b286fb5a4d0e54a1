import type { FlowSettings, TranslatedLanguage } from '@flowbridge/nodes/sdk';
import { TemplateParamError, type TemplateParam } from '../../flow-template';

/** Texts the flows send to people (notifications, e-mails, task titles), in every language a template speaks. */
export type Phrases<T> = Record<'en' | TranslatedLanguage, T>;

export function phrasesIn<T>(phrases: Phrases<T>, lang: TranslatedLanguage | undefined): T {
  return phrases[lang ?? 'en'];
}

/** The Bitrix24 case study is Russian: dates are read on the RU production calendar in Moscow time. */
export const RU_CALENDAR: FlowSettings = { calendar: 'ru', timezone: 'Europe/Moscow' };

export const bitrix24Connection: TemplateParam = { label: 'Bitrix24 connection', kind: 'connection', connector: 'bitrix24', required: true };
export const emailConnection = (required: boolean): TemplateParam => ({
  label: 'E-mail connection (SMTP)', kind: 'connection', connector: 'email', required,
  ...(required ? {} : { description: 'Empty: no e-mail, only the Bitrix24 notification' }),
});
export const hookPathParam = (label: string): TemplateParam => ({ label, kind: 'text', description: 'Defaults to a random, hard-to-guess path' });

export const sharedTexts = {
  ru: {
    bitrix24Connection: { label: 'Подключение Битрикс24' },
    emailConnection: { label: 'Подключение e-mail (SMTP)' },
    optionalEmailConnection: { label: 'Подключение e-mail (SMTP)', description: 'Пусто — без письма, только уведомление в Битрикс24' },
    hookPath: (label: string) => ({ label, description: 'По умолчанию — случайный, трудный для подбора путь' }),
  },
  es: {
    bitrix24Connection: { label: 'Conexión de Bitrix24' },
    emailConnection: { label: 'Conexión de correo (SMTP)' },
    optionalEmailConnection: { label: 'Conexión de correo (SMTP)', description: 'Vacío: sin correo, solo la notificación de Bitrix24' },
    hookPath: (label: string) => ({ label, description: 'Por defecto, una ruta aleatoria y difícil de adivinar' }),
  },
} as const;

/** Where Bitrix24's outbound webhook posts: the analyst's path, else one nobody can guess, distinct per trigger. */
export function hookPath(p: Record<string, string | number>, param: string, unique: string, suffix: string): string {
  const given = Object.hasOwn(p, param) ? String(p[param]).trim() : '';
  return given || `bitrix24/${unique}-${suffix}`;
}

export function given(p: Record<string, string | number>, param: string): boolean {
  return Object.hasOwn(p, param) && String(p[param]).trim() !== '';
}

/**
 * A text param as a JavaScript string literal inside `{{ }}`. Braces could end the expression early,
 * and no field code or stage id holds them, so such a value is refused rather than escaped.
 */
export function literal(value: string | number, param: string): string {
  const text = String(value);
  if (text.includes('{{') || text.includes('}}')) throw new TemplateParamError(`Template param '${param}' may not contain {{ or }}`, param);
  return JSON.stringify(text);
}

/**
 * A deadline `days` working days from now on the flow's calendar, at the same time of day. Sent as
 * ISO text: Bitrix24 takes it as is, and a date param checks text the same in every JavaScript realm.
 */
export function workdaysFromNow(days: string | number | undefined, fallback: number): string {
  const n = Number(days ?? fallback);
  return `{{ $workdays.add($now, ${Number.isInteger(n) ? n : fallback}).toISOString() }}`;
}

/** 100000 as people of that language write it: "100 000", "100,000", "100.000". */
export function amount(value: string | number, lang: TranslatedLanguage | undefined): string {
  const locale = lang === 'ru' ? 'ru-RU' : lang === 'es' ? 'es-ES' : 'en-US';
  return new Intl.NumberFormat(locale, { useGrouping: 'always' }).format(Number(value));
}
