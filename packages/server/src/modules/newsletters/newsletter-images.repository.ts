import type { Executor, NewsletterImagesTable } from '@pond/db';
import type { Insertable, Selectable } from 'kysely';

/** A picture's row without its bytes: what lists and uploads answer with. */
export type ImageMeta = Omit<Selectable<NewsletterImagesTable>, 'data'>;

const META = ['id', 'issue_id', 'token', 'kind', 'name', 'byte_size', 'width', 'height', 'sha256', 'uploaded_by_id', 'created_at'] as const;

/** Only this file speaks SQL for newsletter pictures. */
export class NewsletterImagesRepository {
  listOf(db: Executor, issueId: number): Promise<ImageMeta[]> {
    return db.selectFrom('newsletter_images').select(META).where('issue_id', '=', issueId).orderBy('id').execute();
  }

  async countOf(db: Executor, issueId: number): Promise<number> {
    const row = await db.selectFrom('newsletter_images').select((eb) => eb.fn.countAll<number | string>().as('n')).where('issue_id', '=', issueId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  findBySha(db: Executor, issueId: number, sha256: string): Promise<ImageMeta | undefined> {
    return db.selectFrom('newsletter_images').select(META).where('issue_id', '=', issueId).where('sha256', '=', sha256).executeTakeFirst();
  }

  /** The bytes to serve for a token, with what the answer's headers need. */
  byToken(db: Executor, token: string): Promise<Pick<Selectable<NewsletterImagesTable>, 'kind' | 'sha256' | 'data' | 'byte_size'> | undefined> {
    return db.selectFrom('newsletter_images').select(['kind', 'sha256', 'data', 'byte_size']).where('token', '=', token).executeTakeFirst();
  }

  async insert(db: Executor, row: Insertable<NewsletterImagesTable>): Promise<ImageMeta> {
    return db.insertInto('newsletter_images').values(row).returning(META).executeTakeFirstOrThrow();
  }
}
