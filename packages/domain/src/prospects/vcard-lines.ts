/*
 * vCard content lines as versions 2.1, 3.0 and 4.0 write them, before any property is given a meaning: cards
 * found by BEGIN/END, lines unfolded, parameters read (2.1's bare ones too, `TEL;CELL;PREF:`), quoted-printable
 * values turned back into bytes and only then read in their charset (a soft line break may fall inside a
 * character), embedded binaries (photos, sounds, keys) stepped over without being kept.
 */

/** One property of a card. */
export interface VcardProperty {
  /** The group written before the name (`item1` of `item1.TEL`), lower-cased; null when none. */
  group: string | null;
  /** Lower-cased, e.g. `tel`. */
  name: string;
  /** Parameter values by lower-cased name, unquoted. TYPE values are lower-cased and include 2.1's bare ones. */
  params: Map<string, string[]>;
  /** The value as written, quoted-printable decoded; escapes (`\,`, `\;`, `\n`) are still in. */
  value: string;
}

/** One card's properties, not yet interpreted. */
export interface RawVcard {
  /** The line BEGIN:VCARD is on, 1-based. */
  line: number;
  /** As its VERSION property says; null when it has none. */
  version: string | null;
  properties: VcardProperty[];
  /** Lines inside the card that are not properties, as written. */
  unreadable: string[];
}

const BEGIN = /^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*$/i;
const END = /^[ \t]*END[ \t]*:[ \t]*VCARD[ \t]*$/i;
const FOLDED = /^[ \t]/;
/** 2.1 may name an encoding without `ENCODING=`. */
const BARE_ENCODINGS = new Set(['quoted-printable', 'base64', '7bit', '8bit']);
const BINARY = new Set(['base64', 'b']);
/** A head whose parameters ask for quoted-printable, checked before the value is unfolded. */
const QUOTED_PRINTABLE = /^[^:]*;[ \t]*(?:encoding[ \t]*=[ \t]*)?quoted-printable[ \t]*[;:]/i;
/** 2.1 writes base64 on lines of their own, ended by a blank line; they hold no ':'. */
const BASE64_LINE = /^[ \t]*[A-Za-z0-9+/=]+[ \t]*$/;

/**
 * The cards of a vCard file, in order. Null when a card is opened and never closed: the file is cut off or is
 * not vCard at all. A card nested in another (2.1's AGENT) is not one of the file's cards.
 */
export function splitVcards(body: string): RawVcard[] | null {
  const lines = body.split(/\r\n|\n|\r/);
  const cards: RawVcard[] = [];
  let card: RawVcard | null = null;
  let nested = 0;
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    if (!card) {
      if (BEGIN.test(first)) card = { line: i + 1, version: null, properties: [], unreadable: [] };
      continue;
    }
    if (BEGIN.test(first)) {
      nested++;
      continue;
    }
    if (END.test(first)) {
      if (nested) nested--;
      else {
        cards.push(card);
        card = null;
      }
      continue;
    }
    if (nested || !first.trim()) continue;

    let text = first;
    if (QUOTED_PRINTABLE.test(first)) {
      // A soft line break: '=' at the end of the line, the value going on at the start of the next.
      while (text.endsWith('=') && i + 1 < lines.length && !END.test(lines[i + 1]!)) text = text.slice(0, -1) + lines[++i];
    } else {
      // 2.1 unfolds by taking the line break out (the space stays); 3.0 and 4.0 take out the space as well.
      const keepSpace = card.version === '2.1';
      while (i + 1 < lines.length && FOLDED.test(lines[i + 1]!)) text += keepSpace ? lines[++i] : lines[++i]!.slice(1);
    }

    const property = parseLine(text, card.version === '4.0');
    if (!property) {
      card.unreadable.push(text);
      continue;
    }
    const encoding = property.params.get('encoding')?.[0]?.toLowerCase();
    if (encoding && BINARY.has(encoding)) {
      while (i + 1 < lines.length && BASE64_LINE.test(lines[i + 1]!)) i++;
      continue;
    }
    if (encoding === 'quoted-printable') property.value = decodeQuotedPrintable(property.value, property.params.get('charset')?.[0]);
    if (property.name === 'version') card.version = property.value.trim();
    card.properties.push(property);
  }
  return card ? null : cards;
}

const NAME = /^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)$/;

/** `group.NAME;param=value;…:value` into its parts; null when the line is not a property. */
function parseLine(text: string, v4: boolean): VcardProperty | null {
  let end = 0;
  while (end < text.length && text[end] !== ';' && text[end] !== ':') end++;
  if (end === text.length) return null;
  const name = NAME.exec(text.slice(0, end).trim());
  if (!name) return null;
  const params = new Map<string, string[]>();
  const add = (key: string, value: string) => params.set(key, [...(params.get(key) ?? []), value]);
  let at = end;
  while (text[at] === ';') {
    // A parameter runs to the next ';' or ':' that is not inside double quotes.
    let stop = at + 1;
    let quoted = false;
    while (stop < text.length && (quoted || (text[stop] !== ';' && text[stop] !== ':'))) {
      if (text[stop] === '"') quoted = !quoted;
      stop++;
    }
    if (stop === text.length) return null;
    const param = text.slice(at + 1, stop);
    at = stop;
    const eq = param.indexOf('=');
    if (eq < 0) {
      const bare = param.trim().toLowerCase();
      if (bare) add(BARE_ENCODINGS.has(bare) ? 'encoding' : 'type', bare);
      continue;
    }
    const key = param.slice(0, eq).trim().toLowerCase();
    for (const value of splitParamValues(param.slice(eq + 1), v4)) add(key, key === 'type' ? value.toLowerCase() : value);
  }
  return { group: name[1]?.toLowerCase() ?? null, name: name[2]!.toLowerCase(), params, value: text.slice(at + 1) };
}

/** `a,b` or `"a,b",c`: a parameter's values, unquoted; 4.0's ^n ^^ ^' (RFC 6868) undone. */
function splitParamValues(raw: string, v4: boolean): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of raw) {
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      values.push(current);
      current = '';
    } else current += c;
  }
  values.push(current);
  return values.map((v) => (v4 ? v.replace(/\^([n^'])/g, (_, c: string) => (c === 'n' ? '\n' : c === "'" ? '"' : '^')) : v).trim()).filter(Boolean);
}

/**
 * Quoted-printable back to text: the `=XX` escapes and plain ASCII are the bytes, read in `charset` (UTF-8 when
 * none is named or it is unknown) only once collected, so a character split across a soft line break, or
 * written as several escapes, comes out whole.
 */
export function decodeQuotedPrintable(text: string, charset = 'utf-8'): string {
  const decoder = decoderFor(charset);
  let out = '';
  const bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += decoder.decode(new Uint8Array(bytes));
    bytes.length = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hex = c === 0x3d ? hexByte(text, i + 1) : -1;
    // A soft line break with nothing after it (the writer broke the last line too): nothing to decode.
    if (c === 0x3d && i === text.length - 1) break;
    if (hex >= 0) {
      bytes.push(hex);
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else {
      // Text already decoded with the file (not valid quoted-printable, but written): kept as it is.
      flush();
      out += text[i];
    }
  }
  flush();
  return out;
}

function decoderFor(charset: string) {
  try {
    return new TextDecoder(charset);
  } catch {
    return new TextDecoder('utf-8');
  }
}

function hexByte(text: string, at: number): number {
  const pair = text.slice(at, at + 2);
  return /^[0-9A-Fa-f]{2}$/.test(pair) ? parseInt(pair, 16) : -1;
}
