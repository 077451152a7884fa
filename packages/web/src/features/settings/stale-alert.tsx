import { Alert, Button, Flex } from 'antd';
import { useI18n } from '../../i18n/i18n-context.js';

/**
 * A save refused because someone else saved first (STALE_VERSION): the admin either loads what is stored now or
 * saves their own values over it, knowingly.
 */
export function StaleAlert({ title, onLoadTheirs, onKeepMine, testId }: { title: string; onLoadTheirs: () => void; onKeepMine: () => void; testId: string }) {
  const { t } = useI18n();
  return (
    <Alert
      type="warning"
      showIcon
      title={title}
      style={{ marginBottom: 12 }}
      data-testid={`${testId}-stale`}
      // Below the title, not beside it (antd's action slot): beside it, a phone squeezes the title to one letter a line.
      description={
        <Flex gap={8} wrap style={{ marginTop: 4 }}>
          <Button size="small" onClick={onLoadTheirs} data-testid={`${testId}-load-theirs`}>
            {t('settings.loadTheirs')}
          </Button>
          <Button size="small" type="primary" onClick={onKeepMine} data-testid={`${testId}-overwrite`}>
            {t('settings.keepMine')}
          </Button>
        </Flex>
      }
    />
  );
}
