import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { calendarsApi, type CalendarInfo } from '../../api/endpoints';
import { Button } from '../../components/Button';
import { useEditor } from '../store/editorStore';
import { AlertsDialog } from './AlertsDialog';
import { ConcurrencyDialog } from './ConcurrencyDialog';

/** What the toolbar says of the flow's limits, e.g. "one at a time per deal, at most 20". */
function concurrencySummary(c: { perBusinessKey?: boolean; maxRuns?: number }, t: TFunction): string {
  return [c.perBusinessKey ? t('concurrency.perKeyShort') : '', c.maxRuns ? t('concurrency.maxShort', { max: c.maxRuns }) : ''].filter(Boolean).join(', ');
}

/** The flow's production calendar and time zone: what its working-day waits and date helpers count on. */
export function FlowSettings() {
  const { t } = useTranslation();
  const settings = useEditor((s) => s.settings);
  const readOnly = useEditor((s) => s.readOnly);
  const [calendars, setCalendars] = useState<CalendarInfo[]>([]);
  const [zone, setZone] = useState(settings.timezone ?? '');
  const [alertsOpen, setAlertsOpen] = useState(false);
  const [concurrencyOpen, setConcurrencyOpen] = useState(false);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);

  useEffect(() => {
    calendarsApi.list().then(setCalendars, () => setCalendars([]));
  }, []);
  useEffect(() => setZone(settings.timezone ?? ''), [settings.timezone]);

  const commitZone = () => {
    // A zone the browser does not know would only be refused on save; keep the last good one.
    if (zone === '' || zones.includes(zone)) useEditor.getState().setSettings({ timezone: zone || undefined });
    else setZone(settings.timezone ?? '');
  };

  return (
    <div className="toolbar-group flow-settings" data-testid="flow-settings">
      <select value={settings.calendar ?? ''} disabled={readOnly} data-testid="flow-calendar" aria-label={t('editor.calendar')} title={t('editor.calendar')}
        onChange={(e) => useEditor.getState().setSettings({ calendar: e.target.value || undefined })}>
        <option value="">{t('editor.defaultCalendar')}</option>
        {calendars.map((c) => <option key={c.id} value={c.id}>{c.id} · {c.name}</option>)}
      </select>
      <input list="flow-timezones" value={zone} readOnly={readOnly} placeholder={t('editor.defaultTimezone')} data-testid="flow-timezone"
        aria-label={t('editor.timezone')} title={t('editor.timezone')} onChange={(e) => setZone(e.target.value)} onBlur={commitZone}
        onKeyDown={(e) => { if (e.key === 'Enter') commitZone(); }} />
      <datalist id="flow-timezones">{zones.map((z) => <option key={z} value={z} />)}</datalist>
      <Button variant="ghost" icon="alert" onClick={() => setAlertsOpen(true)} data-testid="flow-alerts" data-on={settings.alerts ? 'true' : 'false'}
        title={settings.alerts ? t('alerts.on') : t('alerts.off')} aria-label={t('alerts.title')} className={settings.alerts ? 'alerts-on' : undefined} />
      {alertsOpen && <AlertsDialog onClose={() => setAlertsOpen(false)} />}
      <Button variant="ghost" icon="queue" onClick={() => setConcurrencyOpen(true)} data-testid="flow-concurrency" data-on={settings.concurrency ? 'true' : 'false'}
        title={settings.concurrency ? t('concurrency.on', { summary: concurrencySummary(settings.concurrency, t) }) : t('concurrency.off')} aria-label={t('concurrency.title')} />
      {concurrencyOpen && <ConcurrencyDialog onClose={() => setConcurrencyOpen(false)} />}
    </div>
  );
}
