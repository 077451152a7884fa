import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '@pond/db';

/** Where the generated key is kept (the installation's settings): read it, or add it unless it is there. */
export interface KeyStore {
  get(db: Executor, key: string): Promise<{ value: unknown } | undefined>;
  put(db: Executor, key: string, value: unknown, expectedVersion: number, at: string, by: number | null): Promise<boolean>;
}

/** What a signed link may do; each purpose signs differently, so a link made for one opens nothing else. */
export type LinkPurpose = 'digest-off' | 'invitation-answer' | 'newsletter-unsubscribe' | 'newsletter-return';

const KEY_SETTING = 'link-signing-key';

/**
 * Links that act for one user without a session: "turn my morning mail off" in a mail. The link carries the user's
 * id and an HMAC of the purpose and the id. The key is derived from POND_SECRET_KEY when it is set; otherwise a
 * random key is made once and kept in the settings table, so every process of an installation signs alike.
 */
export class LinkSigner {
  private key: Promise<Buffer> | null = null;
  constructor(
    private readonly db: Executor,
    private readonly secretKey: Buffer | null,
    private readonly settings: KeyStore,
  ) {}

  private loadKey(): Promise<Buffer> {
    this.key ??= (async () => {
      if (this.secretKey) return createHmac('sha256', this.secretKey).update('pond signed links').digest();
      const stored = await this.settings.get(this.db, KEY_SETTING);
      if (stored) return Buffer.from(stored.value as string, 'base64url');
      // Two processes making it at once: the second insert does nothing and both read the first.
      await this.settings.put(this.db, KEY_SETTING, randomBytes(32).toString('base64url'), 0, new Date().toISOString(), null);
      const made = await this.settings.get(this.db, KEY_SETTING);
      return Buffer.from(made!.value as string, 'base64url');
    })().catch((err: unknown) => {
      this.key = null;
      throw err;
    });
    return this.key;
  }

  // `userId` names the link's subject: a user for 'digest-off', an invitation for 'invitation-answer'.
  private async mac(purpose: LinkPurpose, userId: number): Promise<string> {
    return createHmac('sha256', await this.loadKey()).update(`${purpose}:${userId}`).digest('base64url').slice(0, 32);
  }

  /** The value of a link's `t` parameter. */
  async sign(purpose: LinkPurpose, userId: number): Promise<string> {
    return `${userId}.${await this.mac(purpose, userId)}`;
  }

  /** The user a link was signed for, or null for anything else. */
  async verify(purpose: LinkPurpose, value: unknown): Promise<number | null> {
    if (typeof value !== 'string') return null;
    const match = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{32})$/.exec(value);
    if (!match) return null;
    const userId = Number(match[1]);
    const expected = Buffer.from(await this.mac(purpose, userId));
    const given = Buffer.from(match[2]!);
    return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
  }
}
