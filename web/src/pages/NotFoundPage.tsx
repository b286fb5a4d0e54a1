import { useTranslation } from 'react-i18next';
import { linkHandler } from '../app/router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page page-narrow empty-state">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <a href="/flows" onClick={linkHandler('/flows')} className="btn btn-primary btn-md">{t('notFound.back')}</a>
    </div>
  );
}
