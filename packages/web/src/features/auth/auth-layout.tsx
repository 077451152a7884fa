import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';
import { LanguageMenu } from '../../app/language-menu.js';
import { Brand } from '../../app/brand.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** The frame of the signed-out pages: brand, language menu, one centred card. */
export function AuthLayout({ title, children, wide = false }: { title: ReactNode; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  return (
    <Flex vertical style={{ minHeight: '100vh' }}>
      <Flex justify="space-between" align="center" style={{ padding: '12px 16px' }}>
        <Brand />
        <LanguageMenu />
      </Flex>
      <Flex justify="center" style={{ flex: 1, padding: '16px 12px 48px' }}>
        <div style={{ width: '100%', maxWidth: wide ? 560 : 400 }}>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {t('app.tagline')}
          </Typography.Paragraph>
          <Card>
            <Typography.Title level={3} style={{ marginTop: 0 }}>
              {title}
            </Typography.Title>
            {children}
          </Card>
        </div>
      </Flex>
    </Flex>
  );
}
