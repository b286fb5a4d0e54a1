/** One failed run as an alert tells it. */
export interface AlertFailure {
  runId: string;
  businessKey: string | null;
  nodeId: string | null;
  message: string;
  finishedAt: string;
}

export interface AlertDigest {
  flow: { id: string; name: string };
  /** All failures the digest covers; `failures` lists the first of them only. */
  count: number;
  failures: AlertFailure[];
  from: string;
  to: string;
}

/** Runs listed by name in one alert; the rest are counted and one link away. */
export const LISTED_FAILURES = 10;
const MESSAGE_CHARS = 300;

const phrases = {
  en: {
    subject: (flow: string, n: number) => (n === 1 ? `Flowbridge: a run of "${flow}" failed` : `Flowbridge: ${n} runs of "${flow}" failed`),
    intro: (flow: string, n: number, from: string, to: string) => `${n === 1 ? '1 run' : `${n} runs`} of the flow "${flow}" failed between ${from} and ${to} (UTC).`,
    key: 'key',
    more: (n: number) => `…and ${n} more.`,
    all: 'All of them',
  },
  ru: {
    subject: (flow: string, n: number) => (n === 1 ? `Flowbridge: запуск «${flow}» завершился ошибкой` : `Flowbridge: ${n} запусков «${flow}» завершились ошибкой`),
    intro: (flow: string, n: number, from: string, to: string) => `Потока «${flow}»: запусков с ошибкой — ${n}, с ${from} по ${to} (UTC).`,
    key: 'ключ',
    more: (n: number) => `…и ещё ${n}.`,
    all: 'Все запуски',
  },
  es: {
    subject: (flow: string, n: number) => (n === 1 ? `Flowbridge: una ejecución de «${flow}» falló` : `Flowbridge: ${n} ejecuciones de «${flow}» fallaron`),
    intro: (flow: string, n: number, from: string, to: string) => `${n === 1 ? '1 ejecución' : `${n} ejecuciones`} del flujo «${flow}» fallaron entre ${from} y ${to} (UTC).`,
    key: 'clave',
    more: (n: number) => `…y ${n} más.`,
    all: 'Todas',
  },
} as const;

export type AlertLanguage = keyof typeof phrases;

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The runs page filtered to exactly the failures the digest covers. */
export function failuresLink(publicUrl: string, digest: AlertDigest): string {
  const query = new URLSearchParams({ flowId: digest.flow.id, status: 'failed', from: digest.from, to: new Date(Date.parse(digest.to) + 1).toISOString() });
  return `${publicUrl.replace(/\/+$/, '')}/runs?${query}`;
}

/** Subject and plain text of one alert: who failed, where, why, and links to each run and to all of them. */
export function alertMessage(digest: AlertDigest, publicUrl: string, language: AlertLanguage = 'en'): { subject: string; text: string } {
  const say = phrases[language];
  const base = publicUrl.replace(/\/+$/, '');
  const lines = digest.failures.slice(0, LISTED_FAILURES).map((f) => {
    const key = f.businessKey ? ` (${say.key} ${f.businessKey})` : '';
    const where = f.nodeId ? `${f.nodeId}: ` : '';
    const message = f.message.length > MESSAGE_CHARS ? `${f.message.slice(0, MESSAGE_CHARS)}…` : f.message;
    return `• ${minute(f.finishedAt)}${key} ${where}${message}\n  ${base}/runs/${f.runId}`;
  });
  const rest = digest.count - lines.length;
  const text = [
    say.intro(digest.flow.name, digest.count, minute(digest.from), minute(digest.to)),
    '',
    ...lines,
    ...(rest > 0 ? [say.more(rest)] : []),
    '',
    `${say.all}: ${failuresLink(publicUrl, digest)}`,
  ].join('\n');
  return { subject: say.subject(digest.flow.name, digest.count), text };
}
