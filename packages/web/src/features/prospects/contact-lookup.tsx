import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n-context.js';
import type { LookupResult } from './prospect-types.js';
import { lookupContact } from './prospects-api.js';

/** Which kind of contact a typed value is, or null while it is too short to look up. */
export function contactKind(value: string): 'phone' | 'email' | 'wechat' | null {
  const v = value.trim();
  if (v.includes('@')) return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? 'email' : null;
  // WeChat's own rule for an ID: 6 to 20 letters, digits, _ or -, starting with a letter. Often the only contact a card has.
  if (/^[a-z][-_a-z0-9]{5,19}$/i.test(v)) return 'wechat';
  return v.replace(/\D/g, '').length >= 6 ? 'phone' : null;
}

/** While a phone or email is typed, says whether it is already in Pond, naming only what the user may see. */
export function ContactLookup({ value }: { value: string | undefined }) {
  const { t } = useI18n();
  const [result, setResult] = useState<LookupResult | null>(null);

  useEffect(() => {
    const v = (value ?? '').trim();
    const kind = contactKind(v);
    if (!kind || kind === 'wechat') {
      setResult(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      lookupContact(kind, v)
        .then((r) => live && setResult(r))
        .catch(() => live && setResult(null));
    }, 350);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [value]);

  if (!result || (!result.matches.length && !result.elsewhere)) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="contact-lookup"
      title={
        result.matches.length ? (
          <span className="pond-wrap">
            {t('lookup.found')}{' '}
            {result.matches.map((m, i) => (
              <span key={m.id}>
                {i > 0 && '、'}
                <Link to={`/prospects/${m.id}`}>{m.name}</Link> ({m.mine ? t('lookup.yours') : t('lookup.teams', { owner: m.owner ?? t('prospect.pool') })})
              </span>
            ))}
          </span>
        ) : (
          t('lookup.elsewhere')
        )
      }
    />
  );
}
