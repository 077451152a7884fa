import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets Pond must use again later (the SMTP password, a DKIM private key), sealed with AES-256-GCM under the key
 * from POND_SECRET_KEY, so a copy of the database alone does not give them away. `v1:` + base64url(iv | tag | data).
 */
export class SecretBox {
  constructor(private readonly key: Buffer | null) {}

  get available(): boolean {
    return this.key !== null;
  }

  seal(plain: string): string {
    if (!this.key) throw new Error('POND_SECRET_KEY is not set');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
  }

  open(sealed: string): string {
    if (!this.key) throw new Error('POND_SECRET_KEY is not set');
    if (!sealed.startsWith('v1:')) throw new Error('not a sealed secret');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** The key from POND_SECRET_KEY: 32 bytes as 64 hex digits or 43+ base64 characters. */
export function parseSecretKey(value: string | undefined): Buffer | null {
  if (!value) return null;
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error('POND_SECRET_KEY must be 32 bytes: 64 hex digits, or base64 (openssl rand -base64 32)');
  return key;
}
