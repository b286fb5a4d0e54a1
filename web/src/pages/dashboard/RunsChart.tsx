import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunBucket } from '../../api/types';
import i18n from '../../i18n';
import { STATUS_COLOR, stackedSeries } from './dashboardModel';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

function bucketLabel(at: string, bucket: 'hour' | 'day'): string {
  const options: Intl.DateTimeFormatOptions = bucket === 'hour' ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', options).format(new Date(at));
}

/** Runs per bucket, stacked by status (Chart.js on a canvas). */
export function RunsChart({ buckets, bucket }: { buckets: RunBucket[]; bucket: 'hour' | 'day' }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: { x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.data.labels = buckets.map((b) => bucketLabel(b.at, bucket));
    current.data.datasets = stackedSeries(buckets).map(({ status, data }) => ({
      label: t(`status.${status}`), data, backgroundColor: STATUS_COLOR[status], stack: 'runs', borderRadius: 2, maxBarThickness: 28,
    }));
    current.update();
  }, [buckets, bucket, t]);

  const total = buckets.reduce((sum, b) => sum + b.total, 0);
  return (
    <div className="dash-chart">
      <canvas ref={canvas} role="img" aria-label={t('dashboard.chartLabel', { count: total })} data-testid="dash-runs-chart" data-total={total} data-buckets={buckets.length} />
    </div>
  );
}
