import {
  CopyListView,
  CopyPreviewView,
  CopyState,
  CopyView,
  IssueInput,
  IssueListView,
  IssuePatch,
  IssueState,
  IssueView,
  NewsletterPolicySchema,
  NewsletterPolicyView,
  NoteInput,
  QuietReportView,
  ReviewInput,
  SendInput,
  UnknownDecision,
  escapeHtml,
  ImageListView,
  ImageView,
  MAX_IMAGE_BYTES,
  type Locale,
} from '@pond/domain';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { IdParams, commonErrors, paramId, type TypedApp } from '../../platform/http.js';
import { linkPage } from '../../platform/link-page.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';

const errors = { ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema };
const VersionBody = z.strictObject({ version: z.number().int().nonnegative().optional() });
const ListQuery = z.strictObject({
  state: IssueState.optional(),
  /** Only issues with copies the viewer signs ("my notes to write"). */
  signing: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
const CopiesQuery = z.strictObject({
  mine: z.enum(['true', 'false']).optional(),
  state: CopyState.optional(),
  excluded: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const LinkQuery = z.strictObject({ t: z.string().max(80) });

const UNSUBSCRIBE_WORDS: Record<Locale, { title: string; ask: (name: string) => string; button: string; done: string; already: string }> = {
  en: { title: 'Unsubscribe', ask: (n) => `Stop sending newsletters to ${n}?`, button: 'Unsubscribe', done: 'You are unsubscribed: no more newsletters will be sent to you.', already: 'You are already unsubscribed.' },
  'zh-Hant': { title: '取消訂閱', ask: (n) => `不再寄送通訊給 ${n}？`, button: '取消訂閱', done: '已取消訂閱，之後不會再寄通訊給您。', already: '您已取消訂閱。' },
  'zh-Hans': { title: '取消订阅', ask: (n) => `不再发送通讯给 ${n}？`, button: '取消订阅', done: '已取消订阅，之后不会再发通讯给您。', already: '您已取消订阅。' },
};

export function newslettersRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['newsletters'];
  const { newsletters, newsletterImages, settings } = services;
  // An issue or a copy the actor may not see answers 404 whatever was sent with it: checked before the body.
  const issueVisible = async (request: FastifyRequest) => {
    const id = paramId(request);
    if (id !== null) await newsletters.assertVisible(actorOf(request), id);
  };
  const copyPart = (need: 'see' | 'signer') => async (request: FastifyRequest) => {
    const id = paramId(request);
    if (id !== null) await newsletters.assertCopyVisible(actorOf(request), id, need);
  };
  const copyVisible = copyPart('see');

  app.get('/newsletters', {
    schema: { tags, summary: 'Issues the actor wrote, reviews, or signs copies of; newest first', querystring: ListQuery, response: { 200: IssueListView, ...commonErrors } },
    handler: async (request) => newsletters.list(actorOf(request), { ...request.query, signing: request.query.signing === 'true' }),
  });

  app.post('/newsletters', {
    config: { may: 'writeNewsletters' },
    schema: { tags, summary: 'Write an issue: subject, Markdown body, cover-note templates, the audience as a prospect-list filter', body: IssueInput, response: { 201: IssueView, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await newsletters.create(actorOf(request), request.body, requestMeta(request))),
  });

  app.get('/newsletters/quiet-report', {
    config: { may: 'reviewNewsletters' },
    schema: { tags, summary: "Whose pond is going quiet: per owner, prospects below the yearly minimum of issues in the last 365 days", response: { 200: QuietReportView, ...commonErrors } },
    handler: async (request) => newsletters.quietReport(actorOf(request)),
  });

  app.get('/newsletters/:id', {
    schema: { tags, summary: 'One issue with its counts and what the actor may do with it', params: IdParams, response: { 200: IssueView, ...commonErrors } },
    handler: async (request) => newsletters.get(actorOf(request), request.params.id),
  });

  app.patch('/newsletters/:id', {
    preValidation: issueVisible,
    schema: { tags, summary: 'Change an issue; a submitted or approved one goes back to draft', params: IdParams, body: IssuePatch, response: { 200: IssueView, ...errors } },
    handler: async (request) => newsletters.update(actorOf(request), request.params.id, { ...request.body, version: versionFrom(request.body.version, request.headers['if-match']) }, requestMeta(request)),
  });

  app.post('/newsletters/:id/audience', {
    preValidation: issueVisible,
    schema: { tags, summary: "Build the draft's list from its audience: one row per prospect, included or excluded with the reason", params: IdParams, body: VersionBody, response: { 200: IssueView.extend({ truncated: z.boolean() }), ...errors } },
    handler: async (request) => newsletters.refresh(actorOf(request), request.params.id, versionFrom(request.body.version, request.headers['if-match']), requestMeta(request)),
  });

  app.post('/newsletters/:id/submit', {
    preValidation: issueVisible,
    schema: { tags, summary: 'Submit for approval: the list is frozen and the content, list and notes hashed', params: IdParams, body: VersionBody, response: { 200: IssueView, ...errors } },
    handler: async (request) => newsletters.submit(actorOf(request), request.params.id, versionFrom(request.body.version, request.headers['if-match']), requestMeta(request)),
  });

  app.post('/newsletters/:id/review', {
    preValidation: issueVisible,
    config: { may: 'reviewNewsletters' },
    schema: { tags, summary: "Approve or reject a submitted issue, with comments (a team's manager or an admin, never the author)", params: IdParams, body: ReviewInput, response: { 200: IssueView, ...errors } },
    handler: async (request) => newsletters.review(actorOf(request), request.params.id, { ...request.body, version: versionFrom(request.body.version, request.headers['if-match']) }, requestMeta(request)),
  });

  app.post('/newsletters/:id/send', {
    preValidation: issueVisible,
    schema: { tags, summary: 'Send an approved issue now or at a time; an unapproved one answers 409', params: IdParams, body: SendInput, response: { 200: IssueView, ...errors } },
    handler: async (request) => newsletters.send(actorOf(request), request.params.id, { ...request.body, version: versionFrom(request.body.version, request.headers['if-match']) }, requestMeta(request)),
  });

  for (const move of ['pause', 'resume', 'cancel'] as const) {
    app.post(`/newsletters/:id/${move}`, {
      preValidation: issueVisible,
      schema: { tags, summary: `${move[0]!.toUpperCase()}${move.slice(1)} the sending of an issue`, params: IdParams, body: VersionBody, response: { 200: IssueView, ...errors } },
      handler: async (request) => newsletters[move](actorOf(request), request.params.id, versionFrom(request.body.version, request.headers['if-match']), requestMeta(request)),
    });
  }

  app.get('/newsletters/:id/copies', {
    schema: { tags, summary: "The issue's list with each copy's state; a signer sees their own readers only", params: IdParams, querystring: CopiesQuery, response: { 200: CopyListView, ...commonErrors } },
    handler: async (request) =>
      newsletters.copies(actorOf(request), request.params.id, {
        ...request.query,
        mine: request.query.mine === 'true',
        excluded: request.query.excluded === undefined ? undefined : request.query.excluded === 'true',
      }),
  });

  app.get('/newsletter-copies/:id/preview', {
    schema: { tags, summary: 'One copy exactly as it will leave: subject, HTML, text, sender and reply-to', params: IdParams, response: { 200: CopyPreviewView, ...commonErrors } },
    handler: async (request) => newsletters.preview(actorOf(request), request.params.id),
  });

  app.put('/newsletter-copies/:id/note', {
    preValidation: copyPart('signer'),
    schema: { tags, summary: "The signer's own cover note for one reader, or null for the template; an approved issue goes back to draft", params: IdParams, body: NoteInput, response: { 200: CopyView, ...errors } },
    handler: async (request) => newsletters.setNote(actorOf(request), request.params.id, request.body.note, requestMeta(request)),
  });

  app.post('/newsletter-copies/:id/decide', {
    preValidation: copyVisible,
    schema: { tags, summary: 'Decide a copy whose fate is unknown (its worker died mid-send): it did reach them, or send it again', params: IdParams, body: UnknownDecision, response: { 200: CopyView, ...errors } },
    handler: async (request) => newsletters.decide(actorOf(request), request.params.id, request.body.decision, requestMeta(request)),
  });

  app.get('/newsletters/:id/images', {
    schema: { tags, summary: "The pictures uploaded into an issue, with the Markdown that shows each", params: IdParams, response: { 200: ImageListView, ...commonErrors } },
    handler: async (request) => newsletterImages.list(actorOf(request), request.params.id),
  });

  // A picture arrives as the request body itself (Content-Type image/png, image/jpeg, …), read as bytes in this
  // route's own scope; its format is then read from the bytes, whatever the type claimed.
  void app.register(async (scoped) => {
    for (const type of [/^image\//, 'application/octet-stream']) {
      scoped.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES * 2 }, (_req, body, done) => done(null, body));
    }
    scoped.withTypeProvider<ZodTypeProvider>().post('/newsletters/:id/images', {
      preValidation: issueVisible,
      config: { may: 'writeNewsletters' },
      schema: {
        tags,
        summary: 'Upload a picture (PNG, JPEG, GIF or WebP, at most 2 MB) into an issue you may edit; the same picture twice answers with the first',
        params: IdParams,
        querystring: z.strictObject({ name: z.string().max(255).optional() }),
        response: { 200: ImageView, 201: ImageView, ...errors, 413: ErrorBodySchema, 415: ErrorBodySchema },
      },
      handler: async (request, reply) => {
        const body: unknown = request.body;
        const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        const { image, created } = await newsletterImages.upload(actorOf(request), request.params.id, bytes, request.query.name, requestMeta(request));
        return reply.code(created ? 201 : 200).send(image);
      },
    });
  });

  app.get('/newsletter-images/:file', {
    // Mail clients load a newsletter's pictures without signing in: the random token in the address is the key.
    config: { access: 'public' },
    schema: {
      tags,
      summary: "A newsletter's picture, as mail clients load it (no sign-in: the address is unguessable)",
      params: z.strictObject({ file: z.string().max(100) }),
      produces: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
      response: { 200: z.any(), 304: z.any(), 404: ErrorBodySchema },
    },
    handler: async (request, reply) => {
      const image = await newsletterImages.served(request.params.file);
      // A picture never changes under its address: caches may keep it for good.
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', image.etag)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'cross-origin');
      if (request.headers['if-none-match'] === image.etag) return reply.code(304).send(null);
      return reply.type(image.contentType).send(image.data);
    },
  });

  app.get('/settings/newsletters', {
    schema: { tags, summary: 'The newsletter rules: caps, consent, advertising marker, approval life, send rate', response: { 200: NewsletterPolicyView, ...commonErrors } },
    handler: async () => settings.newsletterPolicy(),
  });

  app.put('/settings/newsletters', {
    config: { may: 'manageSettings' },
    schema: { tags, summary: 'Change the newsletter rules (admin)', body: z.strictObject({ version: z.number().int().nonnegative().optional(), policy: NewsletterPolicySchema }), response: { 200: NewsletterPolicyView, ...errors } },
    handler: async (request) => settings.setNewsletterPolicy(actorOf(request), versionFrom(request.body.version, request.headers['if-match']), request.body.policy, requestMeta(request)),
  });

  const page = (locale: Locale, body: string) => linkPage(locale, body, UNSUBSCRIBE_WORDS[locale].title);

  app.get('/newsletters/unsubscribe', {
    config: { access: 'guestLink', linkPurpose: 'newsletter-unsubscribe' },
    schema: { tags, summary: "The page a newsletter's unsubscribe link opens: a button (a GET changes nothing)", querystring: LinkQuery, produces: ['text/html'], response: { 200: z.string(), 404: ErrorBodySchema } },
    handler: async (request, reply) => {
      const w = UNSUBSCRIBE_WORDS[request.locale];
      const v = await newsletters.unsubscribePage(request.linkSubject!);
      const action = `/api/v1/newsletters/unsubscribe?t=${encodeURIComponent(request.query.t)}`;
      const body = v.subscribed
        ? `<p>${escapeHtml(w.ask(v.name))}</p><form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:1rem;padding:.6rem 1.2rem;border-radius:6px">${escapeHtml(w.button)}</button></form>`
        : `<p role="status">${escapeHtml(w.already)}</p>`;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(page(request.locale, body));
    },
  });

  // RFC 8058: the mail provider posts "List-Unsubscribe=One-Click" with no session and no origin; the form parsers
  // live in this route's own scope, every other route still takes JSON only.
  void app.register(async (scoped) => {
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    scoped.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, {}));
    scoped.withTypeProvider<ZodTypeProvider>().post('/newsletters/unsubscribe', {
      config: { access: 'guestLink', linkPurpose: 'newsletter-unsubscribe' },
      schema: {
        tags,
        summary: 'Unsubscribe from newsletters in one click (RFC 8058 List-Unsubscribe-Post); copies not yet sent stop',
        querystring: LinkQuery,
        body: z.object({ 'List-Unsubscribe': z.string().max(20).optional() }).optional(),
        produces: ['text/html'],
        response: { 200: z.string(), 404: ErrorBodySchema },
      },
      handler: async (request, reply) => {
        await newsletters.unsubscribe(request.linkSubject!, requestMeta(request));
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page(request.locale, `<p role="status">${escapeHtml(UNSUBSCRIBE_WORDS[request.locale].done)}</p>`));
      },
    });
  });
}
