import type { ThemeConfig } from 'antd';

/**
 * Pond's look: a calm pond-water teal, system fonts with good CJK fallbacks.
 * antd derives a greyish palette from so dark a seed, so the light and hover shades are given explicitly.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0f766e',
    colorPrimaryBg: '#e7f5f3',
    colorPrimaryBgHover: '#cdebe6',
    colorPrimaryBorder: '#9fd6cc',
    colorPrimaryBorderHover: '#6dc0b2',
    colorPrimaryHover: '#1c8f86',
    colorPrimaryActive: '#0b5c56',
    colorPrimaryText: '#0f766e',
    colorPrimaryTextHover: '#1c8f86',
    colorPrimaryTextActive: '#0b5c56',
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang TC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft JhengHei', 'Microsoft YaHei', 'Noto Sans CJK TC', 'Noto Sans CJK SC', sans-serif",
  },
};
