import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../api/types';
import { applyRunEvent, filterFromSearch, isFiltered, searchFromFilter, streamQuery } from './runFilter';

const row = (id: string, createdAt: string, status: RunSummary['status'] = 'running'): RunSummary => ({
  id, flowId: 'f1', flowVersionId: 'v1', status, triggerNodeId: 't', businessKey: null, error: null, createdAt, startedAt: createdAt, finishedAt: null,
});

describe('runs filter in the URL', () => {
  it('reads every filter the API takes and writes them back in the same words', () => {
    const url = '?flowId=f1&status=failed&businessKey=4711&from=2026-01-01T00%3A00%3A00.000Z&to=2026-01-02T00%3A00%3A00.000Z&test=false&trigger=core.manual&errorNode=send&errorMessage=POST+answered+422&connector=bitrix24';
    const filter = filterFromSearch(new URLSearchParams(url));
    expect(filter).toEqual({
      flowId: 'f1', status: 'failed', businessKey: '4711', from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z', test: 'false',
      trigger: 'core.manual', errorNode: 'send', errorMessage: 'POST answered 422', connector: 'bitrix24',
    });
    expect(searchFromFilter(filter)).toBe(url);
  });

  it('drops what the API would refuse instead of showing an error page', () => {
    expect(filterFromSearch(new URLSearchParams('status=failed,bogus,waiting&test=maybe&from=yesterday&businessKey=%20%20&x=1'))).toEqual({ status: 'waiting,failed' });
    expect(filterFromSearch(new URLSearchParams('status=bogus'))).toEqual({});
  });

  it('keeps a business key prefix search as typed, trimmed', () => {
    expect(filterFromSearch(new URLSearchParams('businessKey=%204711*%20')).businessKey).toBe('4711*');
  });

  it('says whether anything is filtered and adds extra parameters after the filter', () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ connector: 'kommo' })).toBe(true);
    expect(searchFromFilter({})).toBe('');
    expect(searchFromFilter({ status: 'failed' }, { run: 'r1' })).toBe('?status=failed&run=r1');
  });
});

describe('live updates of the list', () => {
  it('changes the status of a listed run in place', () => {
    const rows = [row('b', '2026-01-01T10:00:01Z'), row('a', '2026-01-01T10:00:00Z')];
    const next = applyRunEvent(rows, { id: 'a', flowId: 'f1', status: 'succeeded', startedAt: '2026-01-01T10:00:00Z', finishedAt: '2026-01-01T10:00:02Z', error: null, businessKey: null, createdAt: '2026-01-01T10:00:00Z' });
    expect(next.map((r) => [r.id, r.status])).toEqual([['b', 'running'], ['a', 'succeeded']]);
    expect(next[1].durationMs).toBe(2000);
    expect(rows[1].status).toBe('running');
  });

  it('puts a new run on top with its flow name, but not one older than the newest shown', () => {
    const rows = [row('a', '2026-01-01T10:00:00Z')];
    const event = { id: 'n', flowId: 'f1', status: 'queued' as const, startedAt: null, finishedAt: null, error: null, businessKey: '4711', createdAt: '2026-01-01T10:05:00Z' };
    const next = applyRunEvent(rows, event, new Map([['f1', 'Invoices']]));
    expect(next.map((r) => r.id)).toEqual(['n', 'a']);
    expect(next[0].flowName).toBe('Invoices');
    expect(applyRunEvent(rows, { ...event, createdAt: '2026-01-01T09:00:00Z' }).map((r) => r.id)).toEqual(['a']);
  });

  it('listens without the status and error filter, so a listed run that leaves them still updates', () => {
    expect(streamQuery({ flowId: 'f1', status: 'waiting', errorNode: 'send', errorMessage: 'x', businessKey: '4711' })).toBe('flowId=f1&businessKey=4711');
    const rows = [row('w', '2026-01-01T10:00:00Z', 'waiting')];
    const cancelled = { id: 'w', flowId: 'f1', status: 'cancelled' as const, startedAt: null, finishedAt: '2026-01-01T10:01:00Z', error: null, businessKey: null, createdAt: '2026-01-01T10:00:00Z' };
    expect(applyRunEvent(rows, cancelled, new Map(), { status: 'waiting' })[0].status).toBe('cancelled');
  });

  it('adds a new run only when it matches the status and error filter', () => {
    const rows = [row('a', '2026-01-01T10:00:00Z', 'failed')];
    const event = { id: 'n', flowId: 'f1', status: 'running' as const, startedAt: null, finishedAt: null, error: null, businessKey: null, createdAt: '2026-01-01T10:05:00Z' };
    expect(applyRunEvent(rows, event, new Map(), { status: 'failed' }).map((r) => r.id)).toEqual(['a']);
    expect(applyRunEvent(rows, event, new Map(), { status: 'running,waiting' }).map((r) => r.id)).toEqual(['n', 'a']);
    const failed = { ...event, status: 'failed' as const, error: { message: 'POST answered 422', nodeId: 'send' } };
    expect(applyRunEvent(rows, failed, new Map(), { status: 'failed', errorNode: 'send', errorMessage: 'POST answered 422' }).map((r) => r.id)).toEqual(['n', 'a']);
    expect(applyRunEvent(rows, failed, new Map(), { status: 'failed', errorNode: 'other' }).map((r) => r.id)).toEqual(['a']);
  });
});
