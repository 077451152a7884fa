import { Flex, Typography } from 'antd';
import { useI18n } from '../i18n/i18n-context.js';

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <circle cx="16" cy="16" r="15" fill="#0f766e" />
      <path d="M8 17c3-5 9-5 12 0-3 5-9 5-12 0zm12 0l5-4v8z" fill="#fff" />
    </svg>
  );
}

export function Brand({ light = false }: { light?: boolean }) {
  const { t } = useI18n();
  return (
    <Flex align="center" gap={8} style={{ minWidth: 0 }}>
      <Logo />
      <Typography.Text strong style={{ fontSize: 18, color: light ? '#fff' : undefined, whiteSpace: 'nowrap' }}>
        {t('app.name')}
      </Typography.Text>
    </Flex>
  );
}
