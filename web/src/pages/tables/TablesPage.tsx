import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { linkHandler, navigate } from '../../app/router';
import { usePermissions } from '../../app/session';
import { tablesApi, type ColumnType, type DataTable, type TableColumn } from '../../api/endpoints';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { humanError } from '../../lib/errors';
import '../../styles/tables.css';

export const COLUMN_TYPES: ColumnType[] = ['text', 'number', 'boolean', 'date', 'datetime', 'json'];

/** Data tables: everyone sees them; admins and analysts create them. */
export default function TablesPage() {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const [tables, setTables] = useState<DataTable[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    tablesApi.list().then(setTables, (err) => setError(humanError(err)));
  }, []);

  return (
    <div className="page" data-testid="tables-page">
      <div className="page-header">
        <div>
          <h1>{t('tables.title')}</h1>
          <p className="muted">{t('tables.subtitle')}</p>
        </div>
        {canEdit && !creating && <Button icon="plus" variant="primary" onClick={() => setCreating(true)} data-testid="table-new">{t('tables.new')}</Button>}
      </div>
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      {creating && <NewTable onCancel={() => setCreating(false)} />}
      {!tables && !error && <div className="page-loading"><span className="spinner" /> {t('common.loading')}</div>}
      {tables && (
        <div className="card table-card">
          <table className="table" data-testid="tables-list">
            <thead>
              <tr>
                <th>{t('tables.colName')}</th>
                <th>{t('tables.colColumns')}</th>
                <th>{t('tables.colKey')}</th>
                <th className="num">{t('tables.colRows')}</th>
                <th><span className="sr-only">{t('tables.colActions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {tables.map((table) => (
                <tr key={table.id} data-testid="table-row" data-name={table.name}>
                  <td><a href={`/tables/${table.id}`} onClick={linkHandler(`/tables/${table.id}`)}><strong>{table.name}</strong></a>{table.description && <div className="muted small">{table.description}</div>}</td>
                  <td className="small">{table.columns.map((c) => c.name).join(', ')}</td>
                  <td className="small">{table.key.join(', ') || '—'}</td>
                  <td className="num">{table.rowCount}</td>
                  <td className="row-actions">
                    <a className="btn btn-sm" href={`/tables/${table.id}/report`} onClick={linkHandler(`/tables/${table.id}/report`)} data-testid="table-report-link">
                      <Icon name="layout" /> {t('tables.report')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {tables.length === 0 && (
            <div className="empty-state">
              <Icon name="list" size={32} />
              <h2>{t('tables.emptyTitle')}</h2>
              <p className="muted">{t('tables.emptyText')}</p>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function NewTable({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [columns, setColumns] = useState<TableColumn[]>([{ name: '', type: 'text', required: true }]);
  const [key, setKey] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const change = (i: number, patch: Partial<TableColumn>) => setColumns((list) => list.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await tablesApi.create({ name: name.trim(), columns: columns.filter((c) => c.name.trim()).map((c) => ({ ...c, name: c.name.trim() })), key });
      navigate(`/tables/${created.id}`);
    } catch (err) {
      setError(humanError(err));
    }
  };

  return (
    <form className="card admin-section tables-new" onSubmit={(e) => void submit(e)} data-testid="table-create-form">
      <h2>{t('tables.newTitle')}</h2>
      <label className="tables-field">
        <span>{t('tables.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="call_records" data-testid="table-name" required />
        <span className="muted small">{t('tables.nameHint')}</span>
      </label>
      <h3>{t('tables.columns')}</h3>
      {columns.map((column, i) => (
        <div className="tables-column" key={i} data-testid="table-column">
          <input value={column.name} onChange={(e) => change(i, { name: e.target.value })} aria-label={t('tables.columnName')} placeholder={t('tables.columnName')} data-testid="column-name" />
          <select value={column.type} onChange={(e) => change(i, { type: e.target.value as ColumnType })} aria-label={t('tables.columnType')} data-testid="column-type">
            {COLUMN_TYPES.map((type) => <option key={type} value={type}>{t(`tables.types.${type}`)}</option>)}
          </select>
          <label className="tables-check"><input type="checkbox" checked={column.required} onChange={(e) => change(i, { required: e.target.checked })} /> {t('tables.required')}</label>
          <label className="tables-check">
            <input type="checkbox" checked={key.includes(column.name)} disabled={!column.name.trim()} data-testid="column-key"
              onChange={(e) => setKey((k) => (e.target.checked ? [...k, column.name] : k.filter((n) => n !== column.name)))} /> {t('tables.inKey')}
          </label>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setColumns((list) => list.filter((_, j) => j !== i))} aria-label={t('tables.removeColumn')}><Icon name="trash" /></button>
        </div>
      ))}
      <div className="cal-controls">
        <Button icon="plus" type="button" onClick={() => setColumns((list) => [...list, { name: '', type: 'text', required: false }])} data-testid="column-add">{t('tables.addColumn')}</Button>
      </div>
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      <div className="cal-controls">
        <button type="button" className="btn" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn-primary" data-testid="table-create">{t('tables.create')}</button>
      </div>
    </form>
  );
}
