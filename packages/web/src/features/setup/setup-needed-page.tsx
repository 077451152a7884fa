import { Button, Result, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { AuthLayout } from '../auth/auth-layout.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { setupStatusKey } from './setup-status.js';

/** Shown on a fresh install when the visitor did not come through the printed setup link. */
export function SetupNeededPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <AuthLayout title={t('setup.neededTitle')} wide>
      <Result
        status="info"
        style={{ padding: '8px 0' }}
        subTitle={<span data-testid="setup-needed">{t('setup.neededBody')}</span>}
        extra={
          <>
            <Typography.Paragraph>{t('setup.neededCommand')}</Typography.Paragraph>
            <Typography.Paragraph code copyable className="pond-wrap">
              pond user add --role admin
            </Typography.Paragraph>
            <Button onClick={() => void queryClient.invalidateQueries({ queryKey: setupStatusKey })}>{t('setup.checkAgain')}</Button>
          </>
        }
      />
    </AuthLayout>
  );
}
