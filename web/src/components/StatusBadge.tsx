import { useTranslation } from 'react-i18next';

export function StatusBadge({ status, testId }: { status: string | null | undefined; testId?: string }) {
  const { t } = useTranslation();
  const value = status ?? 'none';
  return (
    <span className={`status-badge status-${value}`} data-testid={testId} data-status={value}>
      <span className="status-dot" aria-hidden="true" />
      {t(`status.${value}`)}
    </span>
  );
}
