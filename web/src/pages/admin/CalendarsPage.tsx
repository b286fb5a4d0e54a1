import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../app/session';
import { calendarsApi, type CalendarDay, type CalendarDayType, type CalendarImport, type CalendarInfo, type CalendarSummary, type CalendarYearView } from '../../api/endpoints';
import { toast } from '../../components/feedback';
import { Icon } from '../../components/Icon';
import { humanError } from '../../lib/errors';

type Format = CalendarImport['format'];
const FORMATS: Format[] = ['xmlcalendar-xml', 'xmlcalendar-json', 'isdayoff', 'csv'];

/**
 * What a click makes of a day, in turn. Weekend days can only become working (full or short) or
 * be marked as a holiday; weekdays become holidays, transferred days off or short days. The last
 * step clears the exception, back to the weekend rule.
 */
function nextType(day: CalendarDay, weekend: boolean): CalendarDayType | null {
  const cycle: (CalendarDayType | null)[] = weekend ? [null, 'workday', 'short', 'holiday'] : [null, 'holiday', 'dayoff', 'short'];
  const current = day.type === 'work' || day.type === 'weekend' ? null : day.type;
  const index = cycle.indexOf(current);
  return cycle[(index + 1) % cycle.length];
}

function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function MonthGrid({ month, days, weekend, locale, busy, onClick }: {
  month: number; days: CalendarDay[]; weekend: number[]; locale: string; busy: string | null; onClick: (day: CalendarDay) => void;
}) {
  const { t } = useTranslation();
  const title = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, month - 1, 1)));
  const blanks = days.length ? isoWeekday(days[0].date) - 1 : 0;
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((d) => new Intl.DateTimeFormat(locale, { weekday: 'narrow', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, 0, d))));
  return (
    <section className="cal-month" data-testid="calendar-month">
      <h3>{title}</h3>
      <div className="cal-grid" role="grid" aria-label={title}>
        {weekdays.map((w, i) => <span key={`h${i}`} className="cal-head">{w}</span>)}
        {Array.from({ length: blanks }, (_, i) => <span key={`b${i}`} />)}
        {days.map((day) => {
          const label = `${day.date}: ${t(`calendars.types.${day.type}`)}${day.name ? ` (${day.name})` : ''}`;
          return (
            <button key={day.date} type="button" className={`cal-day cal-${day.type}`} data-testid="calendar-day" data-date={day.date} data-type={day.type}
              title={label} aria-label={label} disabled={busy === day.date} onClick={() => onClick(day)}
              data-weekend={weekend.includes(isoWeekday(day.date)) ? 'true' : 'false'}>
              {Number(day.date.slice(8))}
            </button>
          );
        })}
      </div>
    </section>
  );
}

function SummaryLine({ summary }: { summary: CalendarSummary }) {
  const { t } = useTranslation();
  return <p className="muted" data-testid="calendar-summary">{t('calendars.summary', { workdays: summary.workdays, daysOff: summary.daysOff, hours: summary.hours })}</p>;
}

export default function CalendarsPage() {
  const { t, i18n } = useTranslation();
  const { isAdmin } = usePermissions();
  const [calendars, setCalendars] = useState<CalendarInfo[] | null>(null);
  const [calendarId, setCalendarId] = useState('ru');
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [view, setView] = useState<CalendarYearView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [format, setFormat] = useState<Format>('xmlcalendar-xml');
  const [data, setData] = useState('');
  const [importYear, setImportYear] = useState(year);
  const [preview, setPreview] = useState<CalendarSummary | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await calendarsApi.year(calendarId, year));
      setError(null);
    } catch (err) {
      setError(humanError(err));
    }
  }, [calendarId, year]);

  useEffect(() => {
    if (!isAdmin) return;
    calendarsApi.list().then(setCalendars, (err) => setError(humanError(err)));
  }, [isAdmin]);
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);

  const months = useMemo(() => {
    const byMonth: CalendarDay[][] = Array.from({ length: 12 }, () => []);
    for (const day of view?.days ?? []) byMonth[Number(day.date.slice(5, 7)) - 1].push(day);
    return byMonth;
  }, [view]);

  if (!isAdmin) {
    return (
      <div className="page page-narrow empty-state" data-testid="forbidden">
        <Icon name="lock" size={32} />
        <h1>{t('admin.forbiddenTitle')}</h1>
        <p className="muted">{t('calendars.forbiddenText')}</p>
      </div>
    );
  }

  const cycle = async (day: CalendarDay) => {
    if (!view) return;
    setBusy(day.date);
    try {
      const { replanned } = await calendarsApi.setDay(calendarId, day.date, nextType(day, view.weekend.includes(isoWeekday(day.date))));
      if (replanned) toast(t('calendars.replanned', { count: replanned }));
      await load();
    } catch (err) {
      toast(humanError(err), 'error');
    } finally {
      setBusy(null);
    }
  };

  const upload = async (dryRun: boolean) => {
    const body: CalendarImport = format === 'isdayoff' ? { format, year: importYear, data, dryRun } : { format, data, dryRun };
    try {
      const result = await calendarsApi.import(calendarId, body);
      setPreview(result.summary);
      if (!dryRun) {
        toast(t('calendars.imported', { year: result.year, count: result.days }));
        setYear(result.year);
        await load();
      }
    } catch (err) {
      setPreview(null);
      toast(humanError(err), 'error');
    }
  };

  return (
    <div className="page" data-testid="calendars-page">
      <div className="page-header">
        <div>
          <h1>{t('calendars.title')}</h1>
          <p className="muted">{t('calendars.subtitle')}</p>
        </div>
        <div className="cal-controls">
          <select value={calendarId} onChange={(e) => setCalendarId(e.target.value)} aria-label={t('calendars.calendar')} data-testid="calendar-select">
            {(calendars ?? [{ id: calendarId, name: calendarId } as CalendarInfo]).map((c) => <option key={c.id} value={c.id}>{c.id} · {c.name}</option>)}
          </select>
          <button type="button" className="btn" onClick={() => setYear((y) => y - 1)} aria-label={t('calendars.previousYear')}><Icon name="chevronLeft" /></button>
          <strong data-testid="calendar-year">{year}</strong>
          <button type="button" className="btn" onClick={() => setYear((y) => y + 1)} aria-label={t('calendars.nextYear')}><Icon name="chevronLeft" className="flip" /></button>
        </div>
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      {view && <SummaryLine summary={view.summary} />}
      <p className="muted small">{t('calendars.hint')}</p>
      {view && (
        <div className="cal-year">
          {months.map((days, i) => <MonthGrid key={i} month={i + 1} days={days} weekend={view.weekend} locale={i18n.language} busy={busy} onClick={(day) => void cycle(day)} />)}
        </div>
      )}
      <section className="card admin-section cal-import">
        <h2>{t('calendars.importTitle')}</h2>
        <div className="cal-controls">
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)} aria-label={t('calendars.format')}>
            {FORMATS.map((f) => <option key={f} value={f}>{t(`calendars.formats.${f}`)}</option>)}
          </select>
          {format === 'isdayoff' && <input type="number" value={importYear} onChange={(e) => setImportYear(Number(e.target.value))} aria-label={t('calendars.year')} />}
        </div>
        <textarea rows={6} value={data} onChange={(e) => setData(e.target.value)} aria-label={t('calendars.data')} placeholder={t('calendars.dataPlaceholder')} />
        <div className="cal-controls">
          <button type="button" className="btn" disabled={!data.trim()} onClick={() => void upload(true)}>{t('calendars.check')}</button>
          <button type="button" className="btn btn-primary" disabled={!data.trim()} onClick={() => void upload(false)}>{t('calendars.import')}</button>
        </div>
        {preview && <SummaryLine summary={preview} />}
      </section>
    </div>
  );
}
