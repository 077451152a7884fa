import { useCallback, useLayoutEffect, useRef } from 'react';

/** Drawers and dialogs are told not to move focus themselves when they finish closing. */
const NO_FOCUS_TRIGGER = { focusTriggerAfterClose: false } as const;

/**
 * Where focus goes when a drawer or dialog has closed. Left to itself, antd focuses the control that opened
 * the layer once the closing animation ends, even when the person has already moved on: someone who taps
 * "Clear all" in the filter sheet and starts typing in the search box would have focus, and the rest of what
 * they type, taken away a moment later. Here focus goes back to the opener only when it was lost with the
 * layer (it sits on the page body, or where it was when the layer began to close).
 *
 * Pass `focusable` to the Drawer or Modal and call `closed()` from its afterOpenChange(false) or afterClose.
 */
export function useReturnFocus(open: boolean): { focusable: typeof NO_FOCUS_TRIGGER; closed: () => void } {
  const opener = useRef<HTMLElement | null>(null);
  /** Where focus was when the layer began to close: still there when it has closed means nobody moved it. */
  const leftAt = useRef<Element | null>(null);
  // A layout effect runs before the layer moves focus into itself, so this still sees the opener.
  useLayoutEffect(() => {
    if (open) {
      const active = document.activeElement;
      opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
    } else {
      leftAt.current = document.activeElement;
    }
  }, [open]);

  const closed = useCallback(() => {
    const target = opener.current;
    opener.current = null;
    const active = document.activeElement;
    const untouched = !active || active === document.body || active === leftAt.current;
    leftAt.current = null;
    if (untouched && target?.isConnected) target.focus({ preventScroll: true });
  }, []);

  return { focusable: NO_FOCUS_TRIGGER, closed };
}
