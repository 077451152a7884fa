import type { DrawerProps } from 'antd';
import { useIsPhone } from '../../app/use-is-phone.js';

/** Drawers slide in from the side on desktops and rise as a bottom sheet on phones, within thumb reach. */
export function useSheetProps(desktopWidth = 480): Pick<DrawerProps, 'placement' | 'size' | 'styles'> {
  const isPhone = useIsPhone();
  return isPhone
    ? { placement: 'bottom', size: '92%', styles: { body: { padding: 16 }, wrapper: { borderRadius: '12px 12px 0 0', overflow: 'hidden' } } }
    : { placement: 'right', size: desktopWidth, styles: { body: { padding: 24 } } };
}
