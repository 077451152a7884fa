import { Card, Empty, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/locales.js';
import { PageHeader } from '../../app/page-header.js';

export type ModuleName = 'today' | 'prospects' | 'pool' | 'newsletters' | 'events' | 'reports' | 'settings';

const TITLES: Record<ModuleName, MessageKey> = {
  today: 'nav.today',
  prospects: 'nav.prospects',
  pool: 'nav.pool',
  newsletters: 'nav.newsletters',
  events: 'nav.events',
  reports: 'nav.reports',
  settings: 'nav.settings',
};

/** A module with nothing recorded yet: says plainly what the page will hold. */
export function ModulePage({ module }: { module: ModuleName }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t(TITLES[module])} />
      <Card data-testid={`module-${module}`}>
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <Typography.Paragraph strong style={{ marginBottom: 8 }}>
                {t('module.emptyHint')}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ maxWidth: 520, margin: '0 auto' }}>
                {t(`module.${module}.description`)}
              </Typography.Paragraph>
            </>
          }
        />
      </Card>
    </>
  );
}
