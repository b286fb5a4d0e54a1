import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { schedulesApi } from '../../api/endpoints';
import { humanError } from '../../lib/errors';
import { formatInZone } from '../../lib/format';
import { useEditor } from '../store/editorStore';

type Preview = { timezone: string; times: string[] } | { error: string };

/**
 * When a schedule trigger will start runs, as drawn: its cron in its time zone (else the flow's),
 * days off of the flow's calendar left out when asked. The times apply once the flow is published.
 */
export function SchedulePreview({ params }: { params: Record<string, unknown> }) {
  const { t } = useTranslation();
  const settings = useEditor((s) => s.settings);
  const cron = typeof params.cron === 'string' ? params.cron.trim() : '';
  const timezone = (typeof params.timezone === 'string' && params.timezone.trim()) || settings.timezone || undefined;
  const workingDaysOnly = params.workingDaysOnly === true || params.workingDaysOnly === 'true';
  const calendar = settings.calendar || undefined;
  const [preview, setPreview] = useState<Preview | null>(null);

  useEffect(() => {
    if (!cron) {
      setPreview(null);
      return;
    }
    let cancelled = false;
    // After typing pauses: a half-typed cron is not worth a round trip per key.
    const timer = setTimeout(() => {
      schedulesApi.preview({ cron, timezone, workingDaysOnly, calendar }).then(
        (r) => !cancelled && setPreview({ timezone: r.timezone, times: r.nextFireTimes }),
        (error) => !cancelled && setPreview({ error: humanError(error) }),
      );
    }, 350);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [cron, timezone, workingDaysOnly, calendar]);

  if (!preview) return null;
  return (
    <div className="hook-url" data-testid="schedule-preview">
      {'error' in preview ? (
        <div className="field-error" role="alert" data-testid="schedule-preview-error">{preview.error}</div>
      ) : (
        <>
          <span className="form-label">{t('inspector.nextRuns', { timezone: preview.timezone })}</span>
          {preview.times.length === 0 && <span className="muted small">{t('inspector.nextRunsNone')}</span>}
          <ol className="schedule-times">
            {preview.times.map((at) => <li key={at} data-testid="schedule-time" data-at={at}>{formatInZone(at, preview.timezone)}</li>)}
          </ol>
          <span className="form-hint">{t('inspector.nextRunsHint')}</span>
        </>
      )}
    </div>
  );
}
