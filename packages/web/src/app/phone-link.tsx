import type { MouseEvent } from 'react';
import { Button } from 'antd';
import { PhoneFilled } from '@ant-design/icons';
import { displayPhone, telHref } from '@pond/domain/phone-display';
import { useUser } from '../features/auth/session.js';
import { useI18n } from '../i18n/i18n-context.js';

/** How the signed-in user reads a stored number (E.164): national for their phone region, international otherwise. */
export function usePhoneText(): (e164: string) => string {
  const { phoneRegionInUse } = useUser();
  return (e164) => displayPhone(e164, phoneRegionInUse);
}

// A tap on the number dials; it does not also open the row the number is on.
const keepToItself = (e: MouseEvent) => e.stopPropagation();

/** A stored number wherever one is shown: in the reader's format, never broken across lines, and a tel: link. */
export function PhoneLink({ e164 }: { e164: string }) {
  const text = usePhoneText();
  return (
    <a href={telHref(e164)} className="pond-phone" onClick={keepToItself} data-testid="phone-link">
      {text(e164)}
    </a>
  );
}

/** One tap to call someone: an icon button dialling their number, named for screen readers. */
export function CallButton({ e164, name, testId }: { e164: string; name: string; testId?: string }) {
  const { t } = useI18n();
  const label = t('phone.call', { name });
  return <Button href={telHref(e164)} icon={<PhoneFilled />} aria-label={label} title={label} onClick={keepToItself} data-testid={testId} />;
}
