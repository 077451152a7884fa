import * as OpenCCModule from 'opencc-js/t2cn';

/**
 * The t→cn build only (about a tenth of the full dictionary). Its ESM bundle has named
 * exports, but under a CJS loader the UMD build puts everything on `default`, so accept both.
 */
type ConverterFn = (text: string) => string;
type ConverterCtor = (options: { from: string; to: string }) => ConverterFn;

function resolveConverter(): ConverterCtor {
  const mod = OpenCCModule as unknown as { Converter?: ConverterCtor; default?: { Converter?: ConverterCtor } };
  const ctor = mod.Converter ?? mod.default?.Converter;
  if (typeof ctor !== 'function') throw new Error('opencc-js: Converter export not found');
  return ctor;
}

let phrase: ConverterFn | undefined;

/**
 * Traditional → simplified with phrase segmentation. Taiwan and Hong Kong variant tables are
 * chained because each knows glyphs the other lacks (衞 is only in the HK table).
 */
export function t2sPhrase(text: string): string {
  if (!phrase) {
    const ctor = resolveConverter();
    const tw = ctor({ from: 'tw', to: 'cn' });
    const hk = ctor({ from: 'hk', to: 'cn' });
    phrase = (s) => hk(tw(s));
  }
  return phrase(text);
}

const charMemo = new Map<string, string>();

/**
 * One code point at a time, memoised. Character-level folding is deliberately context-free so a
 * fragment folds the same way as the whole string it came from (phrase rules would turn 乾 into
 * 干 alone but keep 乾隆, and the fragment would stop matching).
 */
export function t2sChar(ch: string): string {
  let out = charMemo.get(ch);
  if (out === undefined) {
    const converted = t2sPhrase(ch);
    // Keep alignment with the source: a conversion that changes length is ignored.
    out = converted.length === ch.length ? converted : ch;
    charMemo.set(ch, out);
  }
  return out;
}
