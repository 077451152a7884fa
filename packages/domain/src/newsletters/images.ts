import { z } from 'zod';

/**
 * Pictures a writer uploads into an issue. Pond keeps them in its database (every process serves the same bytes)
 * and serves them at an unguessable address, since the mail clients that show them never sign in. Only raster
 * formats every mail client shows: an SVG can carry script, and HEIC or TIFF show as a broken box in most clients.
 */
export const IMAGE_KINDS = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
} as const;
export type ImageKind = keyof typeof IMAGE_KINDS;

/** 2 MiB: a photo from a phone fits once it is saved for the web; a mail of several such pictures still loads. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Pictures one issue may hold. */
export const MAX_IMAGES_PER_ISSUE = 30;

export const ImageView = z.object({
  id: z.number().int(),
  /** The absolute address the mail and the preview load it from. */
  url: z.string(),
  /** What to put into the body to show it: `![name](url)`. */
  markdown: z.string(),
  name: z.string(),
  contentType: z.string(),
  byteSize: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  uploadedAt: z.string(),
});
export type ImageView = z.infer<typeof ImageView>;

export const ImageListView = z.object({ items: z.array(ImageView), limit: z.number().int(), maxBytes: z.number().int() });
export type ImageListView = z.infer<typeof ImageListView>;

/**
 * The alt text a file name gives: without its extension and its separators, cut to a sensible length. Markdown's
 * brackets and line breaks are taken out, so the name cannot end the image syntax early.
 */
export function altFromFileName(name: string | undefined): string {
  const base = (name ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const clean = base
    .replace(/[[\]()\\<>\r\n\t]/g, ' ')
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return [...clean].slice(0, 80).join('');
}

/** The Markdown that shows an uploaded picture. */
export function imageMarkdown(alt: string, url: string): string {
  return `![${alt}](${url})`;
}
