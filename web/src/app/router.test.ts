import { describe, expect, it } from 'vitest';
import { flowRunsRedirect, matchRoute } from './router';

describe('routes of the operations pages', () => {
  it('serves /runs, /runs/:id and /dashboard', () => {
    expect(matchRoute('/runs')).toEqual({ name: 'runs' });
    expect(matchRoute('/runs/')).toEqual({ name: 'runs' });
    expect(matchRoute('/runs/4f0c')).toEqual({ name: 'run', runId: '4f0c' });
    expect(matchRoute('/dashboard')).toEqual({ name: 'dashboard' });
    expect(matchRoute('/runs/a/b')).toEqual({ name: 'notFound' });
  });

  it('sends the old per-flow runs page to the runs filtered by that flow, or to the run it pointed at', () => {
    expect(matchRoute('/flows/f1/runs')).toEqual({ name: 'flowRuns', flowId: 'f1' });
    expect(flowRunsRedirect('f1', new URLSearchParams())).toBe('/runs?flowId=f1');
    expect(flowRunsRedirect('f1', new URLSearchParams('run=r9'))).toBe('/runs/r9');
    expect(flowRunsRedirect('f/1', new URLSearchParams('run=r/9'))).toBe('/runs/r%2F9');
  });
});

describe('routes of the data tables', () => {
  it('serves /tables, /tables/:id and /tables/:id/report', () => {
    expect(matchRoute('/tables')).toEqual({ name: 'tables' });
    expect(matchRoute('/tables/call_records')).toEqual({ name: 'table', tableId: 'call_records' });
    expect(matchRoute('/tables/call_records/report/')).toEqual({ name: 'tableReport', tableId: 'call_records' });
    expect(matchRoute('/tables/a/b')).toEqual({ name: 'notFound' });
  });
});
