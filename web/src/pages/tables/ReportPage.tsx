import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linkHandler, useLocation } from '../../app/router';
import { usePermissions } from '../../app/session';
import { calendarsApi, tablesApi, type CalendarInfo, type CallReport, type DataTable, type ReportColumns, type ReportQuery } from '../../api/endpoints';
import { Button } from '../../components/Button';
import { toast } from '../../components/feedback';
import { humanError } from '../../lib/errors';
import '../../styles/tables.css';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const COLOR = { calls: '#4f46e5', minutes: '#0ea5e9', inbound: '#16a34a', outbound: '#f59e0b', other: '#94a3b8' };
const ROLES: (keyof ReportColumns)[] = ['manager', 'startedAt', 'duration', 'direction', 'phone'];
const ROLE_TYPES: Record<keyof ReportColumns, string[]> = { manager: ['text', 'number'], startedAt: ['datetime'], duration: ['number'], direction: ['text'], phone: ['text'] };

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** A chart drawn from figures the server computed; the page never counts calls itself. */
function BarChart({ config, testId, label, png }: { config: ChartConfiguration<'bar'>; testId: string; label: string; png: string }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  const download = () => {
    if (!canvas.current) return;
    const link = document.createElement('a');
    link.href = canvas.current.toDataURL('image/png');
    link.download = png;
    link.click();
  };
  return (
    <section className="card admin-section">
      <div className="report-chart-head">
        <h2>{label}</h2>
        <Button size="sm" icon="download" onClick={download} data-testid={`${testId}-png`}>{t('report.png')}</Button>
      </div>
      <div className="report-chart"><canvas ref={canvas} role="img" aria-label={label} data-testid={testId} /></div>
    </section>
  );
}

/** Quoted where needed, so a manager named "Petrova, Anna" stays one cell. */
function csvLine(cells: (string | number)[]): string {
  return cells.map((c) => {
    const text = String(c);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',');
}

export function reportCsv(report: CallReport, head: { manager: string; calls: string; minutes: string; inbound: string; outbound: string; idle: string; gaps: string; hour: string }): string {
  const lines = [csvLine([head.manager, head.calls, head.minutes, head.inbound, head.outbound, head.idle, head.gaps])];
  for (const m of report.managers) lines.push(csvLine([m.manager, m.calls, m.minutes, m.inbound, m.outbound, m.idleMinutes, m.gaps.map((g) => `${g.date} ${g.from}-${g.to}`).join('; ')]));
  lines.push('');
  lines.push(csvLine([head.hour, head.calls, head.minutes, head.inbound, head.outbound, ...report.managers.map((m) => m.manager)]));
  report.hours.forEach((h, i) => lines.push(csvLine([h.label, h.calls, h.minutes, h.inbound, h.outbound, ...report.managers.map((m) => m.hours[i])])));
  return `${lines.join('\n')}\n`;
}

/** Whether an hour of the day overlaps one of the manager's idle gaps. */
function idleAt(gaps: CallReport['managers'][number]['gaps'], hour: number): boolean {
  const start = hour * 60;
  const end = start + 60;
  return gaps.some((g) => {
    const [fh, fm] = g.from.split(':').map(Number);
    const [th, tm] = g.to.split(':').map(Number);
    return fh * 60 + fm < end && th * 60 + tm > start;
  });
}

export default function ReportPage({ tableId }: { tableId: string }) {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const { search } = useLocation();
  const [table, setTable] = useState<DataTable | null>(null);
  const [calendars, setCalendars] = useState<CalendarInfo[]>([]);
  const [query, setQuery] = useState<ReportQuery>(() => {
    const today = new Date();
    return {
      from: search.get('from') ?? isoDay(new Date(today.getTime() - 6 * 86_400_000)),
      to: search.get('to') ?? isoDay(today),
      calendar: search.get('calendar') ?? undefined,
      dayStart: search.get('dayStart') ?? '09:00',
      dayEnd: search.get('dayEnd') ?? '18:00',
      gapMinutes: Number(search.get('gapMinutes') ?? 60),
    };
  });
  const [report, setReport] = useState<CallReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    tablesApi.get(tableId).then((found) => {
      setTable(found);
      setQuery((q) => ({ ...found.report, ...q }));
    }, (err) => setError(humanError(err)));
    calendarsApi.list().then(setCalendars, () => setCalendars([]));
  }, [tableId]);

  const run = useCallback(async (q: ReportQuery) => {
    try {
      setReport(await tablesApi.report(tableId, q));
      setError(null);
    } catch (err) {
      setReport(null);
      setError(humanError(err));
    }
  }, [tableId]);

  const ready = !!table && !!query.manager && !!query.startedAt && !!query.duration;
  useEffect(() => {
    if (ready) void run(query);
    // Only when the table's columns arrive: after that the user presses "Show".
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, run]);

  const set = (patch: Partial<ReportQuery>) => setQuery((q) => ({ ...q, ...patch }));
  const saveDefinition = async () => {
    if (!table) return;
    try {
      const report = Object.fromEntries(ROLES.filter((r) => query[r]).map((r) => [r, query[r]]));
      setTable(await tablesApi.update(table.id, { report }));
      toast(t('report.saved'));
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };
  const downloadCsv = () => {
    if (!report) return;
    const text = reportCsv(report, {
      manager: t('report.manager'), calls: t('report.calls'), minutes: t('report.minutes'), inbound: t('report.inbound'), outbound: t('report.outbound'),
      idle: t('report.idleMinutes'), gaps: t('report.gaps'), hour: t('report.hour'),
    });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    link.download = `${report.table.name}-report-${report.period.from}-${report.period.to}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };

  if (!table) return error ? <div className="page"><div className="banner banner-error" role="alert">{error}</div></div> : <div className="page-loading"><span className="spinner" /> {t('common.loading')}</div>;

  const managerChart: ChartConfiguration<'bar'> | null = report && {
    type: 'bar',
    data: {
      labels: report.managers.map((m) => m.manager),
      datasets: [
        { label: t('report.calls'), data: report.managers.map((m) => m.calls), backgroundColor: COLOR.calls, yAxisID: 'y' },
        { label: t('report.minutes'), data: report.managers.map((m) => m.minutes), backgroundColor: COLOR.minutes, yAxisID: 'minutes' },
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: t('report.calls') } }, minutes: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: t('report.minutes') } } },
      plugins: { legend: { position: 'bottom' } },
    },
  };
  const hourChart: ChartConfiguration<'bar'> | null = report && {
    type: 'bar',
    data: {
      labels: report.hours.map((h) => h.label),
      datasets: [
        { label: t('report.inbound'), data: report.hours.map((h) => h.inbound), backgroundColor: COLOR.inbound, stack: 'calls' },
        { label: t('report.outbound'), data: report.hours.map((h) => h.outbound), backgroundColor: COLOR.outbound, stack: 'calls' },
        { label: t('report.other'), data: report.hours.map((h) => h.calls - h.inbound - h.outbound), backgroundColor: COLOR.other, stack: 'calls' },
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  };
  const columnsFor = (role: keyof ReportColumns) => table.columns.filter((c) => ROLE_TYPES[role].includes(c.type));

  return (
    <div className="page" data-testid="report-page">
      <div className="page-header">
        <div>
          <h1><a href={`/tables/${table.id}`} onClick={linkHandler(`/tables/${table.id}`)}>{table.name}</a> / {t('report.title')}</h1>
          <p className="muted">{t('report.subtitle')}</p>
        </div>
        <div className="cal-controls">
          <Button icon="download" disabled={!report} onClick={downloadCsv} data-testid="report-csv">{t('report.csv')}</Button>
        </div>
      </div>

      <section className="card admin-section">
        <div className="report-controls">
          <label>{t('report.from')}<input type="date" value={query.from} onChange={(e) => set({ from: e.target.value })} data-testid="report-from" /></label>
          <label>{t('report.to')}<input type="date" value={query.to} onChange={(e) => set({ to: e.target.value })} data-testid="report-to" /></label>
          <label>{t('report.calendar')}
            <select value={query.calendar ?? ''} onChange={(e) => set({ calendar: e.target.value || undefined })} data-testid="report-calendar">
              <option value="">{t('report.defaultCalendar')}</option>
              {calendars.map((c) => <option key={c.id} value={c.id}>{c.id} · {c.name} ({c.timezone})</option>)}
            </select>
          </label>
          <label>{t('report.dayStart')}<input type="time" value={query.dayStart} onChange={(e) => set({ dayStart: e.target.value })} data-testid="report-day-start" /></label>
          <label>{t('report.dayEnd')}<input type="time" value={query.dayEnd} onChange={(e) => set({ dayEnd: e.target.value })} data-testid="report-day-end" /></label>
          <label>{t('report.gapMinutes')}<input type="number" min={1} value={query.gapMinutes} onChange={(e) => set({ gapMinutes: Number(e.target.value) })} data-testid="report-gap" /></label>
          {ROLES.map((role) => (
            <label key={role}>{t(`report.columns.${role}`)}
              <select value={query[role] ?? ''} onChange={(e) => set({ [role]: e.target.value || undefined })} data-testid={`report-column-${role}`}>
                <option value="">—</option>
                {columnsFor(role).map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
              </select>
            </label>
          ))}
        </div>
        <div className="cal-controls">
          <Button variant="primary" icon="refresh" onClick={() => void run(query)} data-testid="report-show">{t('report.show')}</Button>
          {canEdit && <Button onClick={() => void saveDefinition()} data-testid="report-save-definition">{t('report.saveDefinition')}</Button>}
        </div>
      </section>

      {error && <div className="banner banner-error" role="alert" data-testid="report-error">{error}</div>}
      {report && (
        <>
          <div className="report-totals" data-testid="report-totals" data-calls={report.totals.calls} data-minutes={report.totals.minutes}>
            <div><strong>{report.totals.calls}</strong><span className="muted">{t('report.calls')}</span></div>
            <div><strong>{report.totals.minutes}</strong><span className="muted">{t('report.minutes')}</span></div>
            <div><strong>{report.period.workdays.length}</strong><span className="muted">{t('report.workdays')}</span></div>
            <div><strong>{report.outsideHours}</strong><span className="muted">{t('report.outsideHours')}</span></div>
          </div>
          <div className="report-charts">
            {managerChart && <BarChart config={managerChart} testId="report-managers-chart" label={t('report.perManager')} png={`${report.table.name}-managers.png`} />}
            {hourChart && <BarChart config={hourChart} testId="report-hours-chart" label={t('report.perHour', { timezone: report.period.timezone })} png={`${report.table.name}-hours.png`} />}
          </div>
          <section className="card table-card">
            <table className="table" data-testid="report-managers">
              <thead>
                <tr>
                  <th>{t('report.manager')}</th>
                  <th className="num">{t('report.calls')}</th>
                  <th className="num">{t('report.minutes')}</th>
                  <th className="num">{t('report.inbound')}</th>
                  <th className="num">{t('report.outbound')}</th>
                  <th className="num">{t('report.average')}</th>
                  <th>{t('report.day')}</th>
                  <th>{t('report.gaps')}</th>
                </tr>
              </thead>
              <tbody>
                {report.managers.map((m) => (
                  <tr key={m.manager} data-testid="report-manager" data-manager={m.manager} data-calls={m.calls} data-minutes={m.minutes}>
                    <td><strong>{m.manager}</strong></td>
                    <td className="num">{m.calls}</td>
                    <td className="num">{m.minutes}</td>
                    <td className="num">{m.inbound}</td>
                    <td className="num">{m.outbound}</td>
                    <td className="num">{m.averageSeconds}</td>
                    <td>
                      <div className="report-timeline" style={{ gridTemplateColumns: `repeat(${report.hours.length}, minmax(26px, 1fr))` }}>
                        {report.hours.map((h, i) => (
                          <span key={h.hour} className={idleAt(m.gaps, h.hour) ? 'cell idle' : 'cell'} title={`${h.label}: ${m.hours[i]}`} data-testid="report-hour-cell" data-hour={h.hour} data-idle={idleAt(m.gaps, h.hour) ? 'true' : 'false'}>
                            {m.hours[i]}
                          </span>
                        ))}
                      </div>
                    </td>
                    <td data-testid="report-gaps">
                      {m.gaps.length === 0 ? <span className="muted">—</span> : m.gaps.map((g) => (
                        <div key={`${g.date}${g.from}`} className="report-gap">{t('report.gap', { date: g.date, from: g.from, to: g.to, minutes: g.minutes })}</div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {report.managers.length === 0 && <div className="empty-state"><p className="muted">{t('report.empty')}</p></div>}
          </section>
        </>
      )}
    </div>
  );
}
