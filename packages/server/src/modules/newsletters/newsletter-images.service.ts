import { createHash, randomBytes } from 'node:crypto';
import { withTransaction } from '@pond/db';
import { AppError, altFromFileName, IMAGE_KINDS, imageMarkdown, MAX_IMAGE_BYTES, MAX_IMAGES_PER_ISSUE, type ImageKind, type ImageListView, type ImageView } from '@pond/domain';
import { imageSize } from 'image-size';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { link } from '../../platform/config.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { Repositories } from '../../repositories.js';
import type { ImageMeta } from './newsletter-images.repository.js';
import type { NewslettersService } from './newsletters.service.js';

/** Where pictures are served, under the installation's address; the renderer lets these through on plain http too. */
export const IMAGE_PATH = '/api/v1/newsletter-images/';

/** What image-size names a format, for the four Pond keeps. */
const SIZE_TYPES: Record<string, ImageKind> = { png: 'png', jpg: 'jpg', gif: 'gif', webp: 'webp' };

/** A picture's format and size read from its own bytes, never from the name or the type the browser claimed. */
export function readImage(bytes: Uint8Array): { kind: ImageKind; width: number; height: number } {
  let size;
  try {
    size = imageSize(bytes);
  } catch {
    throw new AppError('IMAGE_UNREADABLE');
  }
  const kind = size.type ? SIZE_TYPES[size.type] : undefined;
  if (!kind || !size.width || !size.height) throw new AppError('IMAGE_UNREADABLE');
  return { kind, width: size.width, height: size.height };
}

/** Pictures uploaded into an issue's body: kept in the database, served to anyone holding the address. */
export class NewsletterImagesService {
  private readonly repo: Repositories['newsletterImages'];
  private readonly audit: Repositories['audit'];

  constructor(
    repos: Pick<Repositories, 'newsletterImages' | 'audit'>,
    private readonly deps: CoreDeps,
    private readonly newsletters: NewslettersService,
  ) {
    this.repo = repos.newsletterImages;
    this.audit = repos.audit;
  }

  /** The absolute address of a picture: the mail loads it from there. */
  private urlOf(image: Pick<ImageMeta, 'token' | 'kind'>): string {
    return link(this.deps.config, `${IMAGE_PATH}${image.token}.${image.kind}`);
  }

  private view(image: ImageMeta): ImageView {
    const url = this.urlOf(image);
    return {
      id: image.id,
      url,
      markdown: imageMarkdown(image.name, url),
      name: image.name,
      contentType: IMAGE_KINDS[image.kind],
      byteSize: image.byte_size,
      width: image.width,
      height: image.height,
      uploadedAt: new Date(image.created_at).toISOString(),
    };
  }

  async list(actor: Actor, issueId: number): Promise<ImageListView> {
    const db = this.deps.database.db;
    await this.newsletters.assertVisible(actor, issueId);
    const items = (await this.repo.listOf(db, issueId)).map((i) => this.view(i));
    return { items, limit: MAX_IMAGES_PER_ISSUE, maxBytes: MAX_IMAGE_BYTES };
  }

  /**
   * Keeps an uploaded picture for an issue the actor may edit. The same bytes again answer with the picture already
   * kept (created: false). The issue's row is locked while the pictures are counted, so uploads arriving at once
   * cannot together pass the limit.
   */
  async upload(actor: Actor, issueId: number, bytes: Uint8Array, fileName: string | undefined, meta: RequestMeta): Promise<{ image: ImageView; created: boolean }> {
    if (bytes.byteLength === 0) throw new AppError('IMAGE_UNREADABLE');
    if (bytes.byteLength > MAX_IMAGE_BYTES) throw new AppError('IMAGE_TOO_LARGE');
    const read = readImage(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const name = altFromFileName(fileName) || read.kind.toUpperCase();
    return withTransaction(this.deps.database.db, async (trx) => {
      await this.newsletters.lockEditable(trx, actor, issueId);
      const same = await this.repo.findBySha(trx, issueId, sha256);
      if (same) return { image: this.view(same), created: false };
      if ((await this.repo.countOf(trx, issueId)) >= MAX_IMAGES_PER_ISSUE) throw new AppError('IMAGE_LIMIT');
      const at = this.deps.clock.now().toISOString();
      const image = await this.repo.insert(trx, {
        issue_id: issueId,
        token: randomBytes(18).toString('base64url'),
        kind: read.kind,
        name,
        byte_size: bytes.byteLength,
        width: read.width,
        height: read.height,
        sha256,
        data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        uploaded_by_id: actor.userId,
        created_at: at,
      });
      await this.audit.record(trx, {
        at,
        actorId: actor.userId,
        actorLabel: actor.email,
        action: 'newsletter.image_uploaded',
        entityType: 'newsletter',
        entityId: issueId,
        before: null,
        after: { imageId: image.id, name, kind: read.kind, byteSize: bytes.byteLength, width: read.width, height: read.height },
        ip: meta.ip,
      });
      return { image: this.view(image), created: true };
    });
  }

  /** The bytes behind a public address, or 404 (the extension must be the picture's own). */
  async served(file: string): Promise<{ contentType: string; etag: string; data: Buffer }> {
    const m = /^([A-Za-z0-9_-]{16,64})\.(png|jpg|gif|webp)$/.exec(file);
    if (!m) throw new AppError('NOT_FOUND');
    const row = await this.repo.byToken(this.deps.database.db, m[1]!);
    if (!row || row.kind !== m[2]) throw new AppError('NOT_FOUND');
    const data = Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
    return { contentType: IMAGE_KINDS[row.kind], etag: `"${row.sha256}"`, data };
  }
}
