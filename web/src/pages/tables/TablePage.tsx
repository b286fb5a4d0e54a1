import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { linkHandler, navigate } from '../../app/router';
import { usePermissions } from '../../app/session';
import { tablesApi, type ColumnType, type CsvProblem, type DataTable, type TableFilterInput, type TableRow } from '../../api/endpoints';
import { Button } from '../../components/Button';
import { toast } from '../../components/feedback';
import { Icon } from '../../components/Icon';
import { humanError } from '../../lib/errors';
import { COLUMN_TYPES } from './TablesPage';
import '../../styles/tables.css';

const PAGE = 50;
const RANGED: ColumnType[] = ['number', 'date', 'datetime'];

/** A cell as a person reads it; json cells as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** What a text box gives back for a column: json cells parsed, the rest as typed (the server reads types). */
function cellValue(type: ColumnType, text: string): unknown {
  if (text === '') return null;
  if (type !== 'json') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function RowEditor({ table, initial, onSave, onCancel, testId }: {
  table: DataTable; initial: Record<string, unknown>; onSave: (data: Record<string, unknown>) => Promise<void>; onCancel: () => void; testId: string;
}) {
  const { t } = useTranslation();
  const [texts, setTexts] = useState<Map<string, string>>(() => new Map(table.columns.map((c) => [c.name, cellText(Object.hasOwn(initial, c.name) ? initial[c.name] : null)])));
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await onSave(Object.fromEntries(table.columns.map((c) => [c.name, cellValue(c.type, texts.get(c.name) ?? '')])));
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-testid={testId}>
      <td />
      {table.columns.map((column) => (
        <td key={column.name}>
          <input value={texts.get(column.name) ?? ''} aria-label={column.name} data-column={column.name}
            placeholder={t(`tables.types.${column.type}`)} onChange={(e) => setTexts((m) => new Map(m).set(column.name, e.target.value))} />
        </td>
      ))}
      <td className="row-actions">
        <Button size="sm" variant="primary" busy={busy} onClick={() => void save()} data-testid="row-save">{t('common.save')}</Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>{t('common.cancel')}</Button>
      </td>
    </tr>
  );
}

export default function TablePage({ tableId }: { tableId: string }) {
  const { t } = useTranslation();
  const { canEdit, isAdmin } = usePermissions();
  const [table, setTable] = useState<DataTable | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState<TableFilterInput[]>([]);
  const [draft, setDraft] = useState<TableFilterInput>({ column: '', op: 'where', value: '' });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ rows: TableRow[]; next: string | null; total: number } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [csv, setCsv] = useState('');
  const [csvProblems, setCsvProblems] = useState<CsvProblem[]>([]);
  const [newColumn, setNewColumn] = useState<{ name: string; type: ColumnType }>({ name: '', type: 'text' });

  const loadTable = useCallback(() => tablesApi.get(tableId).then(setTable, (err) => setError(humanError(err))), [tableId]);
  const after = cursors[cursors.length - 1];
  const loadRows = useCallback(async () => {
    try {
      setPage(await tablesApi.rows(tableId, filters, after, PAGE));
    } catch (err) {
      toast(humanError(err), 'error');
    }
  }, [tableId, filters, after]);

  useEffect(() => void loadTable(), [loadTable]);
  useEffect(() => void loadRows(), [loadRows]);

  if (error) return <div className="page"><div className="banner banner-error" role="alert">{error}</div></div>;
  if (!table) return <div className="page-loading"><span className="spinner" /> {t('common.loading')}</div>;

  const refresh = async () => {
    await Promise.all([loadTable(), loadRows()]);
  };
  const addFilter = () => {
    if (!draft.column || draft.value === '') return;
    setFilters((list) => [...list.filter((f) => !(f.column === draft.column && f.op === draft.op)), draft]);
    setCursors([undefined]);
    setDraft({ ...draft, value: '' });
  };
  const draftColumn = table.columns.find((c) => c.name === draft.column);

  const importCsv = async () => {
    try {
      const result = await tablesApi.importCsv(table.id, csv);
      setCsvProblems([]);
      setCsv('');
      toast(t('tables.imported', { rows: result.rows, inserted: result.inserted, updated: result.updated }));
      await refresh();
    } catch (err) {
      const problems = err instanceof ApiError && Array.isArray(err.body.errors) ? (err.body.errors as CsvProblem[]) : [];
      setCsvProblems(problems);
      toast(humanError(err), 'error');
    }
  };
  const readFile = async (file: File | undefined) => {
    if (file) setCsv(await file.text());
  };
  const addColumn = async () => {
    try {
      setTable(await tablesApi.update(table.id, { addColumns: [{ ...newColumn, required: false }] }));
      setNewColumn({ name: '', type: 'text' });
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };
  const removeTable = async () => {
    if (!window.confirm(t('tables.deleteConfirm', { name: table.name }))) return;
    try {
      await tablesApi.remove(table.id);
      navigate('/tables');
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };

  return (
    <div className="page" data-testid="table-page">
      <div className="page-header">
        <div>
          <h1><a href="/tables" onClick={linkHandler('/tables')}>{t('tables.title')}</a> / <span data-testid="table-title">{table.name}</span></h1>
          <p className="muted">
            {t('tables.rowCount', { rows: table.rowCount, max: table.limits.maxRows })}
            {table.key.length > 0 && <> · {t('tables.keyIs', { key: table.key.join(', ') })}</>}
          </p>
        </div>
        <div className="cal-controls">
          <a className="btn" href={`/tables/${table.id}/report`} onClick={linkHandler(`/tables/${table.id}/report`)} data-testid="table-report"><Icon name="layout" /> {t('tables.report')}</a>
          <a className="btn" href={tablesApi.exportUrl(table.id, filters)} download={`${table.name}.csv`} data-testid="table-export"><Icon name="download" /> {t('tables.exportCsv')}</a>
          {isAdmin && <Button icon="trash" variant="danger" onClick={() => void removeTable()} data-testid="table-delete">{t('tables.delete')}</Button>}
        </div>
      </div>

      <section className="card admin-section">
        <h2>{t('tables.columns')}</h2>
        <p className="small" data-testid="table-columns">
          {table.columns.map((c) => `${c.name} (${t(`tables.types.${c.type}`)}${c.required ? `, ${t('tables.required')}` : ''})`).join(' · ')}
        </p>
        {canEdit && (
          <div className="tables-column">
            <input value={newColumn.name} onChange={(e) => setNewColumn({ ...newColumn, name: e.target.value })} placeholder={t('tables.columnName')} aria-label={t('tables.columnName')} data-testid="add-column-name" />
            <select value={newColumn.type} onChange={(e) => setNewColumn({ ...newColumn, type: e.target.value as ColumnType })} aria-label={t('tables.columnType')}>
              {COLUMN_TYPES.map((type) => <option key={type} value={type}>{t(`tables.types.${type}`)}</option>)}
            </select>
            <Button icon="plus" disabled={!newColumn.name.trim()} onClick={() => void addColumn()} data-testid="add-column">{t('tables.addColumn')}</Button>
          </div>
        )}
      </section>

      <div className="tables-toolbar" data-testid="table-filters">
        <select value={draft.column} onChange={(e) => setDraft({ ...draft, column: e.target.value, op: 'where' })} aria-label={t('tables.filterColumn')} data-testid="filter-column">
          <option value="">{t('tables.filterColumn')}</option>
          {table.columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
        </select>
        <select value={draft.op} onChange={(e) => setDraft({ ...draft, op: e.target.value as TableFilterInput['op'] })} aria-label={t('tables.filterOp')} data-testid="filter-op">
          <option value="where">=</option>
          {draftColumn && RANGED.includes(draftColumn.type) && <option value="from">≥</option>}
          {draftColumn && RANGED.includes(draftColumn.type) && <option value="to">&lt;</option>}
        </select>
        <input value={draft.value} onChange={(e) => setDraft({ ...draft, value: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && addFilter()} aria-label={t('tables.filterValue')} placeholder={t('tables.filterValue')} data-testid="filter-value" />
        <Button icon="search" onClick={addFilter} data-testid="filter-add">{t('tables.filter')}</Button>
        {filters.map((f) => (
          <span className="tables-chip" key={`${f.op}.${f.column}`} data-testid="filter-chip">
            {f.column} {f.op === 'where' ? '=' : f.op === 'from' ? '≥' : '<'} {f.value}
            <button type="button" className="btn btn-ghost btn-sm" aria-label={t('tables.removeFilter')} onClick={() => { setFilters((list) => list.filter((x) => x !== f)); setCursors([undefined]); }}><Icon name="x" /></button>
          </span>
        ))}
      </div>

      <div className="card table-card">
        <table className="table tables-grid" data-testid="table-rows">
          <thead>
            <tr>
              <th className="num">#</th>
              {table.columns.map((c) => <th key={c.name}>{c.name}{table.key.includes(c.name) ? ' 🔑' : ''}</th>)}
              <th><span className="sr-only">{t('tables.colActions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {canEdit && editing === 'new' && (
              <RowEditor table={table} initial={{}} testId="row-new" onCancel={() => setEditing(null)} onSave={async (data) => {
                try {
                  await tablesApi.write(table.id, [Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null))]);
                  setEditing(null);
                  await refresh();
                } catch (err) {
                  toast(humanError(err), 'error');
                }
              }} />
            )}
            {page?.rows.map((row) => editing === row.id ? (
              <RowEditor key={row.id} table={table} initial={row.data} testId="row-edit" onCancel={() => setEditing(null)} onSave={async (data) => {
                try {
                  await tablesApi.updateRow(table.id, row.id, data);
                  setEditing(null);
                  await loadRows();
                } catch (err) {
                  toast(humanError(err), 'error');
                }
              }} />
            ) : (
              <tr key={row.id} data-testid="data-row" data-row-id={row.id}>
                <td className="num muted small">{row.id}</td>
                {table.columns.map((c) => {
                  const value = Object.hasOwn(row.data, c.name) ? row.data[c.name] : null;
                  return <td key={c.name} className={c.type === 'json' ? 'tables-cell-json' : undefined} data-column={c.name}>{cellText(value)}</td>;
                })}
                <td className="row-actions">
                  {canEdit && <Button size="sm" variant="ghost" icon="edit" onClick={() => setEditing(row.id)} aria-label={t('tables.editRow')} data-testid="row-edit-open" />}
                  {canEdit && <Button size="sm" variant="ghost" icon="trash" aria-label={t('tables.deleteRow')} data-testid="row-delete" onClick={async () => {
                    try {
                      await tablesApi.deleteRow(table.id, row.id);
                      await refresh();
                    } catch (err) {
                      toast(humanError(err), 'error');
                    }
                  }} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.rows.length === 0 && <div className="empty-state"><p className="muted">{t('tables.noRows')}</p></div>}
        <div className="tables-pager">
          {canEdit && editing === null && <Button icon="plus" onClick={() => setEditing('new')} data-testid="row-add">{t('tables.addRow')}</Button>}
          <span className="muted small" data-testid="rows-total">{page ? t('tables.matching', { rows: page.total }) : ''}</span>
          <Button icon="chevronLeft" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="page-prev">{t('tables.previous')}</Button>
          <Button disabled={!page?.next} onClick={() => page?.next && setCursors((c) => [...c, page.next!])} data-testid="page-next">{t('tables.next')}</Button>
        </div>
      </div>

      {canEdit && (
        <section className="card admin-section">
          <h2>{t('tables.importTitle')}</h2>
          <p className="muted small">{t('tables.importHint', { columns: table.columns.map((c) => c.name).join(',') })}</p>
          <input type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} aria-label={t('tables.importFile')} data-testid="csv-file" />
          <textarea rows={5} value={csv} onChange={(e) => setCsv(e.target.value)} aria-label={t('tables.importData')} data-testid="csv-text" />
          <div className="cal-controls">
            <Button icon="upload" variant="primary" disabled={!csv.trim()} onClick={() => void importCsv()} data-testid="csv-import">{t('tables.import')}</Button>
          </div>
          {csvProblems.length > 0 && (
            <ul className="tables-errors" data-testid="csv-errors">
              {csvProblems.map((p, i) => <li key={i}>{t('tables.csvProblem', { line: p.line, column: p.column, message: p.message })}</li>)}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
