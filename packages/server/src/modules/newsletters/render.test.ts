import { describe, expect, it } from 'vitest';
import { fillTemplate, PLACEHOLDERS, renderBody, renderCopy, sanitizeBody, type CopyInput } from './render.js';

const input = (over: Partial<CopyInput> = {}): CopyInput => ({
  locale: 'en',
  subject: 'Spring rates',
  advertisementMarker: null,
  bodyMarkdown: '# Spring\n\nNew [rates](https://example.com/rates) this month.\n\n![chart](https://cdn.example.com/chart.png)',
  note: 'Hello Ann,\nthought of you.',
  signer: { name: 'Wang Xiaoming', title: 'Advisor', phone: '+886 912 345 678', email: 'wang@example.com' },
  readerName: 'Ann',
  organisation: 'Pond Insurance',
  unsubscribeUrl: 'https://pond.example.com/u/abc123',
  ...over,
});

describe('renderBody', () => {
  it('removes script tags and event handler attributes', () => {
    // Through Markdown raw HTML is only shown as text; the sanitizer must also hold on its own.
    const md = renderBody('Hi <script>alert(1)</script> <img src="https://x.example/a.png" onerror="alert(1)">');
    expect(md).not.toMatch(/<script/i);
    expect(md).not.toMatch(/<[^>]*\sonerror\s*=/i);
    const raw = sanitizeBody('<p>Hi</p><script>alert(1)</script><img src="https://x.example/a.png" onerror="alert(1)"><iframe src="https://x"></iframe>');
    expect(raw).not.toMatch(/<script|<iframe/i);
    expect(raw).not.toContain('onerror');
    expect(raw).toContain('<img src="https://x.example/a.png" />');
  });

  it('removes javascript: links', () => {
    expect(renderBody('[click](javascript:alert(1))')).not.toMatch(/href\s*=\s*"\s*javascript:/i);
    const raw = sanitizeBody('<a href="javascript:alert(1)">click</a>');
    expect(raw).not.toContain('javascript:');
    expect(raw).toContain('click');
  });

  it('drops http and data: images and keeps https ones', () => {
    const html = renderBody(
      '![plain](http://x.example/plain.png)\n\n![inline](data:image/png;base64,iVBORw0KGgo=)\n\n![safe](https://x.example/safe.png)',
    );
    expect(html).not.toContain('plain.png');
    expect(html).not.toContain('data:');
    expect(html.match(/<img/g)).toHaveLength(1);
    expect(html).toContain('src="https://x.example/safe.png"');
    expect(html).toContain('alt="safe"');
  });

  it('opens links in a new tab without an opener', () => {
    const html = renderBody('See [our site](https://example.com) or https://linkified.example');
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener">our site</a>');
    expect(html).toMatch(/<a href="https:\/\/linkified\.example" target="_blank" rel="noopener">/);
  });

  it('keeps single line breaks, as Chinese writers use them', () => {
    expect(renderBody('第一行\n第二行')).toContain('第一行<br />');
  });
});

describe('fillTemplate', () => {
  it('lists the placeholders it knows', () => {
    expect(PLACEHOLDERS).toEqual(['{reader}', '{signer}', '{title}', '{phone}', '{email}']);
  });

  it('replaces every occurrence, leaves unknown braces and empties empty values', () => {
    const out = fillTemplate('{reader}, {reader}! {signer} {unknown} 電話：{phone}|{title}|{email}', {
      reader: 'Ann',
      signer: 'Wang',
      title: '',
      phone: '',
      email: 'w@example.com',
    });
    expect(out).toBe('Ann, Ann! Wang {unknown} 電話：||w@example.com');
  });

  it('does not fill a placeholder that arrives inside a value', () => {
    expect(fillTemplate('{reader} / {signer}', { reader: '{signer}', signer: 'Wang', title: '', phone: '', email: '' })).toBe('{signer} / Wang');
  });
});

describe('renderCopy', () => {
  it('inlines the style sheet and leaves no ordinary rules in a style block', () => {
    const { html } = renderCopy(input());
    expect(html).toMatch(/<td[^>]*class="content"[^>]*style="[^"]*font-family:[^"]*PingFang TC/);
    expect(html).toMatch(/<div class="note" style="[^"]*background:/);
    expect(html).toMatch(/<img[^>]*style="[^"]*max-width: 100%/);
    // Whatever style block is left may hold only the small-screen media query.
    for (const [, css] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
      expect(css!.trim()).toMatch(/^@media[^{]*\(max-width: ?480px\)/);
      expect(css).not.toMatch(/\.note|\.footer|\.issue/);
    }
  });

  it('is a full responsive document in the reader language', () => {
    const { html } = renderCopy(input({ locale: 'zh-Hant' }));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<html lang="zh-Hant">');
    expect(renderCopy(input({ locale: 'zh-Hans' })).html).toContain('<html lang="zh-Hans">');
    expect(html).toMatch(/class="outer"[^>]*style="[^"]*width: 100%/);
    expect(html).toMatch(/class="inner"[^>]*style="[^"]*max-width: 600px/);
  });

  it('puts the note before the body in both parts', () => {
    const copy = renderCopy(input({ note: 'NOTE-MARK', bodyMarkdown: 'BODY-MARK' }));
    for (const part of [copy.html, copy.text]) {
      expect(part.indexOf('NOTE-MARK')).toBeGreaterThanOrEqual(0);
      expect(part.indexOf('NOTE-MARK')).toBeLessThan(part.indexOf('BODY-MARK'));
    }
    expect(copy.text.startsWith('NOTE-MARK\n\nWang Xiaoming\nAdvisor\n+886 912 345 678\nwang@example.com\n—\nBODY-MARK\n')).toBe(true);
  });

  it('escapes typed text in the HTML and keeps the note line breaks', () => {
    const { html, text } = renderCopy(
      input({
        note: 'Hi <b>&\nline two',
        readerName: '<i>Ann</i>',
        organisation: 'A&B <Co>',
        signer: { name: 'Wang "W" <x>', title: '<t>', phone: null, email: 'w@example.com' },
      }),
    );
    expect(html).toContain('Hi &lt;b&gt;&amp;<br>line two');
    expect(html).not.toContain('<b>&');
    expect(html).toContain('Wang &quot;W&quot; &lt;x&gt;');
    expect(html).toContain('&lt;t&gt;');
    expect(html).toContain('A&amp;B &lt;Co&gt;');
    expect(html).toContain('&lt;i&gt;Ann&lt;/i&gt;');
    expect(html).not.toContain('<i>Ann</i>');
    // The text part is not HTML: it says what was typed.
    expect(text).toContain('Hi <b>&\nline two');
  });

  it('dials the signer phone with digits and a leading plus only', () => {
    const { html, text } = renderCopy(input());
    expect(html).toMatch(/<a href="tel:\+886912345678"[^>]*>\+886 912 345 678<\/a>/);
    expect(text).toContain('+886 912 345 678\n');
    const local = renderCopy(input({ signer: { name: 'W', title: null, phone: '0912 345 678', email: 'w@example.com' } })).html;
    expect(local).toMatch(/<a href="tel:0912345678"[^>]*>0912 345 678<\/a>/);
    expect(html).toMatch(/<a href="mailto:wang@example\.com"[^>]*>wang@example\.com<\/a>/);
  });

  it('skips empty signature lines in the text part', () => {
    const { text } = renderCopy(input({ note: 'N', signer: { name: 'Wang', title: null, phone: null, email: 'w@example.com' } }));
    expect(text.startsWith('N\n\nWang\nw@example.com\n—\n')).toBe(true);
  });

  it('shows the unsubscribe link in both parts', () => {
    const url = 'https://pond.example.com/u/abc123';
    const { html, text } = renderCopy(input({ unsubscribeUrl: url }));
    expect(html).toMatch(/<a href="https:\/\/pond\.example\.com\/u\/abc123"[^>]*>Unsubscribe<\/a>/);
    expect(text).toContain(`Unsubscribe: ${url}\n`);
  });

  it('writes the footer in the reader language', () => {
    const en = renderCopy(input({ locale: 'en' }));
    const hant = renderCopy(input({ locale: 'zh-Hant' }));
    const hans = renderCopy(input({ locale: 'zh-Hans' }));
    expect(en.html).toContain('>Unsubscribe</a>');
    expect(hant.html).toContain('>取消訂閱</a>');
    expect(hans.html).toContain('>取消订阅</a>');
    expect(en.text).toContain('Unsubscribe: https://');
    expect(hant.text).toContain('取消訂閱：https://');
    expect(hans.text).toContain('取消订阅：https://');
    expect(hant.html).not.toContain('Unsubscribe');
    expect(en.text).toContain('because Wang Xiaoming of Pond Insurance keeps in touch with you.');
    expect(hant.text).toContain('因為Pond Insurance的Wang Xiaoming與你保持聯繫。');
    expect(hans.text).toContain('因为Pond Insurance的Wang Xiaoming与你保持联系。');
  });

  it('leaves the organisation out of the footer when there is none', () => {
    const { text, html } = renderCopy(input({ organisation: null }));
    expect(text).toContain('because Wang Xiaoming keeps in touch with you.');
    expect(text).not.toMatch(/ of .*keeps in touch/);
    expect(html).not.toContain('null');
  });

  it('puts the advertisement marker in front of the subject once', () => {
    expect(renderCopy(input({ subject: 'Spring rates', advertisementMarker: '【广告】' })).subject).toBe('【广告】Spring rates');
    expect(renderCopy(input({ subject: '【广告】Spring rates', advertisementMarker: '【广告】' })).subject).toBe('【广告】Spring rates');
    expect(renderCopy(input({ subject: 'Spring rates', advertisementMarker: null })).subject).toBe('Spring rates');
    // A subject is a header: a line break in it must not reach the mail.
    expect(renderCopy(input({ subject: 'Spring\r\nBcc: x@example.com' })).subject).not.toMatch(/[\r\n]/);
  });

  it('writes images and links in the text part as readable addresses', () => {
    const { text } = renderCopy(input({ bodyMarkdown: 'See [our rates](https://example.com/r) and ![the chart](https://cdn.example.com/c.png "Chart")' }));
    expect(text).toContain('See our rates (https://example.com/r) and [image: the chart] https://cdn.example.com/c.png');
    expect(text).not.toContain('](');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('gives the same copy for the same input', () => {
    expect(renderCopy(input())).toEqual(renderCopy(input()));
    expect(renderCopy(input({ locale: 'zh-Hans' }))).toEqual(renderCopy(input({ locale: 'zh-Hans' })));
  });
});
