import { escapeHtml, type Locale } from '@pond/domain';

/**
 * A small page of its own for a mail's link (turning the morning mail off, a guest's answer to an invitation): the
 * app's pages need a session, which a mail's reader has not. `body` is HTML its caller has escaped.
 */
export function linkPage(locale: Locale, body: string, title: string): string {
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)} · Pond</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">` +
    `<h1 style="font-size:1.25rem">${escapeHtml(title)}</h1>${body}</body></html>`
  );
}
