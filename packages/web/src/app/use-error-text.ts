import { isApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n-context.js';

/** The text to show for a failed request: the server's localized message, or ours when it could not be reached. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useI18n();
  return (error) => {
    if (isApiError(error) && error.status > 0 && error.message) return error.message;
    return t('error.network');
  };
}
