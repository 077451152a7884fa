import type { Rule } from 'antd/es/form';
import type { Translate } from '../../i18n/locales.js';

/** Client-side hints only; the server's policy (length, common passwords) is the one that decides. */
export function passwordRules(t: Translate): Rule[] {
  return [
    { required: true, message: t('error.required') },
    { min: 10, message: t('error.passwordShort') },
  ];
}

export function confirmRule(t: Translate, field: string): Rule {
  return ({ getFieldValue }) => ({
    validator: (_, value) =>
      !value || value === getFieldValue(field) ? Promise.resolve() : Promise.reject(new Error(t('error.passwordMismatch'))),
  });
}
