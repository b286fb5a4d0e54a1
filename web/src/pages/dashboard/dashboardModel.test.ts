import { describe, expect, it } from 'vitest';
import { bucketTotals, errorRunsLink, periodRange, scopeFromSearch, searchFromScope, stackedSeries } from './dashboardModel';
import { filterFromSearch } from '../runs/runFilter';

describe('dashboard scope in the URL', () => {
  it('reads the period, flow and connector, falling back to the last 24 hours', () => {
    expect(scopeFromSearch(new URLSearchParams('period=7d&flowId=f1&connector=bitrix24'))).toEqual({ period: '7d', flowId: 'f1', connector: 'bitrix24' });
    expect(scopeFromSearch(new URLSearchParams('period=1y'))).toEqual({ period: '24h' });
  });

  it('writes only what differs from the default', () => {
    expect(searchFromScope({ period: '24h' })).toBe('');
    expect(searchFromScope({ period: '30d', connector: 'kommo' })).toBe('?period=30d&connector=kommo');
  });
});

describe('the period', () => {
  const now = Date.parse('2026-03-10T14:25:00Z');
  it('ends after the current hour and counts hours back', () => {
    expect(periodRange('24h', now)).toEqual({ from: '2026-03-09T15:00:00.000Z', to: '2026-03-10T15:00:00.000Z', bucket: 'hour' });
    expect(periodRange('7d', now).from).toBe('2026-03-03T15:00:00.000Z');
  });
  it('counts days for a month', () => {
    expect(periodRange('30d', now)).toEqual({ from: '2026-02-09T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z', bucket: 'day' });
  });
});

describe('top error links', () => {
  it('open the runs page filtered to the failed live runs with that node and message', () => {
    const link = errorRunsLink({ flowId: 'f1', nodeId: 'send', message: 'POST crm answered 422 & more' }, { from: '2026-03-09T15:00:00.000Z', to: '2026-03-10T15:00:00.000Z' });
    expect(link.startsWith('/runs?')).toBe(true);
    expect(filterFromSearch(new URLSearchParams(link.slice('/runs'.length)))).toEqual({
      flowId: 'f1', status: 'failed', errorNode: 'send', errorMessage: 'POST crm answered 422 & more', from: '2026-03-09T15:00:00.000Z', to: '2026-03-10T15:00:00.000Z', test: 'false',
    });
  });
});

describe('chart series', () => {
  const bucket = (at: string, succeeded: number, failed: number) => ({ at, queued: 0, running: 0, waiting: 0, succeeded, failed, cancelled: 0, total: succeeded + failed });
  it('has one series per status with a point per hour, and totals', () => {
    const buckets = [bucket('2026-03-10T13:00:00Z', 3, 1), bucket('2026-03-10T14:00:00Z', 0, 2)];
    const series = stackedSeries(buckets);
    expect(series.find((s) => s.status === 'succeeded')!.data).toEqual([3, 0]);
    expect(series.find((s) => s.status === 'failed')!.data).toEqual([1, 2]);
    expect(series).toHaveLength(6);
    expect(bucketTotals(buckets)).toMatchObject({ succeeded: 3, failed: 3, total: 6 });
  });
});
