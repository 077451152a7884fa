import type { Rule } from 'antd/es/form';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * A text field's length limit, said rather than enforced by cutting: the browser's `maxlength` silently drops what
 * is pasted past it, so a 300-character name would be saved as its first 200 without a word. Instead the field
 * keeps everything, shows its count as it nears the limit (red past it), and the form refuses to save until it fits.
 */
export function useTextLimit(): (max: number) => { rule: Rule; count: { max: number; show: (info: { count: number }) => string | null } } {
  const { t } = useI18n();
  return (max) => ({
    rule: {
      validator: (_, value: unknown) => {
        const length = typeof value === 'string' ? [...value].length : 0;
        return length > max ? Promise.reject(new Error(t('error.tooLong', { max, count: length }))) : Promise.resolve();
      },
    },
    count: { max, show: ({ count }) => (count >= Math.floor(max * 0.9) ? `${count} / ${max}` : null) },
  });
}
