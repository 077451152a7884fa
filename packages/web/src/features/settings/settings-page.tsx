import { Card, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { PageHeader } from '../../app/page-header.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { CoachingPolicyCard } from './coaching-policy-card.js';
import { CommissionRulesCard } from './commission-rules-card.js';
import { IntervalPolicyCard } from './interval-policy-card.js';
import { MailSettingsCard } from './mail-settings-card.js';
import { NewsletterPolicyCard } from './newsletter-policy-card.js';
import { PoolRulesCard } from './pool-rules-card.js';
import { ProductsCard } from './products-card.js';

/** Team-wide rules. An admin sets them here; everyone else is told what is set and where their own settings are. */
export function SettingsPage() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div data-testid="module-settings">
      <PageHeader title={t('nav.settings')} />
      {user.can.manageSettings ? (
        <Flex vertical gap={16} style={{ maxWidth: 720 }}>
          <MailSettingsCard />
          <IntervalPolicyCard />
          <PoolRulesCard />
          <NewsletterPolicyCard />
          <CoachingPolicyCard />
          <ProductsCard />
          <CommissionRulesCard />
        </Flex>
      ) : (
        <Card data-testid="settings-not-admin">
          <Typography.Paragraph>{t('settings.notAdmin')}</Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            <Link to="/account">{t('settings.ownSettings')}</Link>
          </Typography.Paragraph>
        </Card>
      )}
    </div>
  );
}
