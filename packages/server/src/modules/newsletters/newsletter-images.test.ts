import { describeEachDialect } from '@pond/db/testing';
import { MAX_IMAGE_BYTES, MAX_IMAGES_PER_ISSUE } from '@pond/domain';
import { beforeAll, expect, it } from 'vitest';
import { LONG_SESSIONS, person, prospect, team } from '../../testing/factories.js';
import { PIXEL_GIF, solidPng } from '../../testing/images.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('newsletter pictures: uploaded, kept in the database, served to mail clients', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let far: string;
  let admin: string;
  let boss: string;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { ...LONG_SESSIONS, POND_BASE_URL: 'http://pond.test' });
    const showroom = await team(t, { name: 'Pictures', manager: { email: 'img-boss@pond.test' }, members: [{ email: 'img-wei@pond.test' }, { email: 'img-le@pond.test' }] });
    [{ cookie: wei }, { cookie: le }] = showroom.members;
    boss = showroom.manager.cookie;
    ({ cookie: far } = await person(t, 'salesperson'));
    ({ cookie: admin } = await person(t, 'admin'));
  });

  const issue = async (cookie: string, body = '本季重點') => {
    const res = await t.call('POST', '/api/v1/newsletters', { cookie, body: { subject: '圖片測試', bodyMarkdown: body, audience: 'tag=img' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const upload = (cookie: string, id: number, bytes: Buffer, type = 'image/png', name?: string, locale?: string) =>
    t.call('POST', `/api/v1/newsletters/${id}/images${name ? `?name=${encodeURIComponent(name)}` : ''}`, {
      cookie,
      body: bytes,
      headers: { 'content-type': type, ...(locale && { 'accept-language': locale }) },
    });
  const stored = async (id: number) => Number((await ctx.database.db.selectFrom('newsletter_images').select((eb) => eb.fn.countAll<number>().as('n')).where('issue_id', '=', id).executeTakeFirstOrThrow()).n);
  const path = (url: string) => new URL(url).pathname;

  it('keeps a picture, serves it without signing in, and answers the same bytes with the same picture', async () => {
    const n = await issue(wei);
    const png = solidPng(640, 360);
    const res = await upload(wei, n.id, png, 'image/png', 'ev-range_chart.png');
    expect(res.statusCode, res.body).toBe(201);
    const image = res.json();
    expect(image).toMatchObject({ name: 'ev range chart', contentType: 'image/png', byteSize: png.length, width: 640, height: 360 });
    expect(image.url).toMatch(/^http:\/\/pond\.test\/api\/v1\/newsletter-images\/[A-Za-z0-9_-]{24}\.png$/);
    expect(image.markdown).toBe(`![ev range chart](${image.url})`);

    const served = await t.call('GET', path(image.url));
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(Buffer.compare(served.rawPayload, png)).toBe(0);
    const again = await t.call('GET', path(image.url), { headers: { 'if-none-match': String(served.headers.etag) } });
    expect(again.statusCode).toBe(304);
    // Another extension, another token, a made-up path: not there.
    expect((await t.call('GET', path(image.url).replace(/\.png$/, '.gif'))).statusCode).toBe(404);
    expect((await t.call('GET', '/api/v1/newsletter-images/AAAAAAAAAAAAAAAAAAAAAAAA.png')).statusCode).toBe(404);
    expect((await t.call('GET', '/api/v1/newsletter-images/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);

    // The type the browser claimed does not matter; the bytes do.
    const twice = await upload(wei, n.id, png, 'application/octet-stream');
    expect(twice.statusCode).toBe(200);
    expect(twice.json().id).toBe(image.id);
    const gif = await upload(wei, n.id, PIXEL_GIF, 'image/png');
    expect(gif.statusCode).toBe(201);
    expect(gif.json()).toMatchObject({ contentType: 'image/gif', width: 1, height: 1, name: 'GIF' });
    const list = (await t.call('GET', `/api/v1/newsletters/${n.id}/images`, { cookie: wei })).json();
    expect(list).toMatchObject({ limit: MAX_IMAGES_PER_ISSUE, maxBytes: MAX_IMAGE_BYTES });
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([image.id, gif.json().id]);

    const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'newsletter.image_uploaded').where('entity_id', '=', String(n.id)).execute();
    expect(audit).toHaveLength(2);
  });

  it('shows an uploaded picture in the copy exactly as sent, and drops a picture from anywhere else on plain http', async () => {
    const n = await issue(wei);
    const image = (await upload(wei, n.id, solidPng(320, 200, [200, 60, 40]), 'image/png', 'sales.png')).json();
    const body = `# 銷售圖表\n\n${image.markdown}\n\n![tracker](http://tracker.example/pixel.gif)\n\n![ok](https://cdn.example/a.png)`;
    const current = (await t.call('GET', `/api/v1/newsletters/${n.id}`, { cookie: wei })).json();
    const edited = await t.call('PATCH', `/api/v1/newsletters/${n.id}`, { cookie: wei, body: { bodyMarkdown: body, version: current.version } });
    expect(edited.statusCode, edited.body).toBe(200);
    const html: string = edited.json().bodyHtml;
    expect(html).toContain(`<img src="${image.url}" alt="sales" />`);
    expect(html).toContain('https://cdn.example/a.png');
    expect(html).not.toContain('tracker.example');

    // The copy a reader gets carries it too.
    const p = await prospect(t, wei, { name: '圖片讀者', emails: ['reader.img@example.test'], tags: ['img'], newsletterConsent: 'subscribed' });
    const built = await t.call('POST', `/api/v1/newsletters/${n.id}/audience`, { cookie: wei, body: { version: edited.json().version } });
    expect(built.statusCode, built.body).toBe(200);
    const copies = (await t.call('GET', `/api/v1/newsletters/${n.id}/copies`, { cookie: wei })).json();
    const copy = copies.items.find((c: { prospect: { id: number } }) => c.prospect.id === p.id);
    const preview = (await t.call('GET', `/api/v1/newsletter-copies/${copy.id}/preview`, { cookie: wei })).json();
    expect(preview.html).toContain(image.url);
    expect(preview.html).not.toContain('tracker.example');
  });

  it('refuses what is not a picture, or too big, with a localised reason, and keeps nothing', async () => {
    const n = await issue(wei);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
    const bad = await upload(wei, n.id, svg, 'image/svg+xml', undefined, 'zh-Hant');
    expect(bad.statusCode).toBe(415);
    expect(bad.json().error).toMatchObject({ code: 'IMAGE_UNREADABLE', message: expect.stringContaining('PNG、JPEG、GIF 或 WebP') });
    expect((await upload(wei, n.id, Buffer.from('not a picture at all'), 'image/jpeg')).statusCode).toBe(415);
    expect((await upload(wei, n.id, Buffer.alloc(0), 'image/png')).statusCode).toBe(415);
    const big = Buffer.concat([solidPng(10, 10), Buffer.alloc(MAX_IMAGE_BYTES)]);
    const tooBig = await upload(wei, n.id, big, 'image/png', undefined, 'zh-Hans');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toMatchObject({ code: 'IMAGE_TOO_LARGE', message: expect.stringContaining('2 MB') });
    // Beyond what the route reads at all: the generic answer, still no 500.
    expect((await upload(wei, n.id, Buffer.alloc(MAX_IMAGE_BYTES * 2 + 1), 'image/png')).statusCode).toBe(413);
    // A JSON body to the picture route: nothing to read.
    expect((await t.call('POST', `/api/v1/newsletters/${n.id}/images`, { cookie: wei, body: { picture: 'x' } })).statusCode).toBe(415);
    expect(await stored(n.id)).toBe(0);
  });

  it('lets only those who may edit the issue upload: others get 404 or 403, a sent issue 409', async () => {
    const n = await issue(wei);
    const png = solidPng(8, 8);
    expect((await upload(far, n.id, png)).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/newsletters/${n.id}/images`, { cookie: far })).statusCode).toBe(404);
    expect((await upload(le, n.id, png)).statusCode).toBe(404);
    // The team's manager reviews the issue, sees its pictures, and does not write it.
    expect((await t.call('GET', `/api/v1/newsletters/${n.id}/images`, { cookie: boss })).statusCode).toBe(200);
    expect((await upload(boss, n.id, png)).statusCode).toBe(403);
    expect((await upload(admin, n.id, png)).statusCode).toBe(201);
    await ctx.database.db.updateTable('newsletter_issues').set({ state: 'sent' }).where('id', '=', n.id).execute();
    const late = await upload(wei, n.id, solidPng(9, 9));
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('ISSUE_WRONG_STATE');
    expect((await t.call('POST', `/api/v1/newsletters/${n.id}/images`, { body: png, headers: { 'content-type': 'image/png' } })).statusCode).toBe(401);
    expect(await stored(n.id)).toBe(1);
  });

  it('holds an issue to its limit of pictures when uploads arrive at once', async () => {
    const n = await issue(wei);
    for (let i = 0; i < MAX_IMAGES_PER_ISSUE - 2; i++) expect((await upload(wei, n.id, solidPng(4, 4, [i, i, i]))).statusCode).toBe(201);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(wei, n.id, solidPng(5, 5, [i, 100, 200]))));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(2);
    for (const a of answers.filter((x) => x.statusCode !== 201)) {
      expect(a.statusCode).toBe(409);
      expect(a.json().error.code).toBe('IMAGE_LIMIT');
    }
    expect(await stored(n.id)).toBe(MAX_IMAGES_PER_ISSUE);
  });
});
