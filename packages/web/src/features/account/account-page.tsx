import { Flex } from 'antd';
import { PageHeader } from '../../app/page-header.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { DigestCard } from './digest-card.js';
import { FeedCard } from './feed-card.js';
import { PasswordCard } from './password-card.js';
import { ProfileCard } from './profile-card.js';
import { TokensCard } from './tokens-card.js';

export function AccountPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('account.title')} />
      <Flex vertical gap={16} style={{ maxWidth: 720 }}>
        <ProfileCard />
        <DigestCard />
        <FeedCard />
        <PasswordCard />
        <TokensCard />
      </Flex>
    </>
  );
}
