import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { demoApi } from '../../api/endpoints';
import type { OutboxMessage } from '../../api/types';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { humanError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';

type Filter = 'all' | OutboxMessage['channel'];
const FILTERS: Filter[] = ['all', 'email', 'telegram'];
// Often enough to see a run's notification arrive while the page is open; cheap (an in-memory list).
const POLL_MS = 5000;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0];
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** What the demo workspace's notifications delivered: e-mails and Telegram messages, newest first. */
export default function DemoOutboxPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const [messages, setMessages] = useState<OutboxMessage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (shown: Filter) => {
    try {
      setMessages(await demoApi.outbox(shown === 'all' ? undefined : shown));
      setError(null);
    } catch (err) {
      setMessages(null);
      setError(err instanceof ApiError && err.code === 'demo_off' ? t('outbox.off') : humanError(err));
    }
  }, [t]);

  useEffect(() => {
    void load(filter);
    const timer = setInterval(() => void load(filter), POLL_MS);
    return () => clearInterval(timer);
  }, [load, filter]);

  const refresh = async () => {
    setBusy(true);
    await load(filter);
    setBusy(false);
  };

  return (
    <div className="page" data-testid="outbox-page">
      <div className="page-header">
        <div>
          <h1>{t('outbox.title')}</h1>
          <p className="muted">{t('outbox.subtitle')}</p>
        </div>
        <div className="outbox-toolbar">
          <div className="segmented" role="group" aria-label={t('outbox.title')}>
            {FILTERS.map((f) => (
              <button key={f} type="button" className={filter === f ? 'segment active' : 'segment'} aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`outbox-filter-${f}`}>
                {t(`outbox.${f}`)}
              </button>
            ))}
          </div>
          <Button icon="refresh" busy={busy} onClick={() => void refresh()} data-testid="outbox-refresh">{t('outbox.refresh')}</Button>
        </div>
      </div>
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      {messages && <p className="muted" data-testid="outbox-count">{t('outbox.count', { count: messages.length })}</p>}
      {messages && !messages.length && <p className="muted" data-testid="outbox-empty">{t('outbox.none')}</p>}
      <ul className="outbox-list">
        {messages?.map((m) => <OutboxItem key={m.id} message={m} />)}
      </ul>
    </div>
  );
}

function OutboxItem({ message: m }: { message: OutboxMessage }) {
  const { t } = useTranslation();
  const [showHtml, setShowHtml] = useState(false);
  const isEmail = m.channel === 'email';
  return (
    <li className="card outbox-item" data-testid="outbox-item" data-channel={m.channel}>
      <div className="outbox-head">
        <span className={`tag outbox-channel outbox-${m.channel}`}>
          <Icon name={isEmail ? 'mail' : 'send'} size={12} /> {t(`outbox.${m.channel}`)}
        </span>
        {/* A Telegram message has no subject: its first line stands in for one. */}
        <h2 data-testid="outbox-subject">{isEmail ? m.subject || t('outbox.noSubject') : firstLine(m.text)}</h2>
        <time className="muted" dateTime={m.receivedAt}>{formatDateTime(m.receivedAt)}</time>
      </div>
      <dl className="outbox-meta">
        <dt>{t('outbox.from')}</dt><dd>{m.from}</dd>
        <dt>{isEmail ? t('outbox.to') : t('outbox.chat')}</dt><dd data-testid="outbox-to">{m.to.join(', ')}</dd>
        {m.cc.length > 0 && <><dt>{t('outbox.cc')}</dt><dd>{m.cc.join(', ')}</dd></>}
      </dl>
      {m.html && (
        <div className="segmented outbox-tabs">
          <button type="button" className={showHtml ? 'segment' : 'segment active'} onClick={() => setShowHtml(false)}>{t('outbox.text')}</button>
          <button type="button" className={showHtml ? 'segment active' : 'segment'} onClick={() => setShowHtml(true)}>{t('outbox.htmlSource')}</button>
        </div>
      )}
      {/* Shown as text, never rendered: the HTML came from a flow, and this page must not run it. */}
      <pre className="outbox-body" data-testid="outbox-text">{showHtml && m.html ? m.html : m.text}</pre>
      {m.attachments.length > 0 && (
        <div className="outbox-attachments">
          <span className="muted">{t('outbox.attachments')}:</span>
          {m.attachments.map((a, i) => (
            <span key={`${a.filename}-${i}`} className="tag" data-testid="outbox-attachment" title={a.contentType}>
              {a.filename} · {formatSize(a.size)}
            </span>
          ))}
        </div>
      )}
    </li>
  );
}
