import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { toast } from '../../components/feedback';

/** The address to give the sending system, for triggers that listen on /hooks/<path>. */
export function HookUrl({ path }: { path: string }) {
  const { t } = useTranslation();
  const url = `${window.location.origin}/hooks/${path.replace(/^\/+/, '')}`;
  const copy = () => void navigator.clipboard?.writeText(url).then(() => toast(t('inspector.urlCopied'), 'info'), () => undefined);
  return (
    <div className="hook-url" data-testid="hook-url">
      <span className="form-label">{t('inspector.hookUrl')}</span>
      <div className="hook-url-row">
        <code title={url}>{url}</code>
        <button type="button" className="btn btn-ghost btn-sm btn-icon" onClick={copy} aria-label={t('inspector.copyUrl')} title={t('inspector.copyUrl')}>
          <Icon name="copy" />
        </button>
      </div>
    </div>
  );
}
