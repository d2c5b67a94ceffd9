/**
 * 繁/简: which script an edition is written in, and converters between the scripts (opencc-js,
 * phrase-level, with the regional variant the edition's language names).
 */
import * as OpenCC from 'opencc-js';

export type Script = 'hans' | 'hant';

/** The script a BCP 47 tag names: zh-Hant, zh-TW, zh-HK and zh-MO are traditional, the rest simplified. */
export function scriptOf(lang: string): Script {
  return /^zh-(Hant|TW|HK|MO)\b/i.test(lang) ? 'hant' : 'hans';
}

/** The language tag of text in `script`, keeping the region of the edition's tag when it fits. */
export function langFor(script: Script, editionLang: string): string {
  if (scriptOf(editionLang) === script) return editionLang;
  return script === 'hans' ? 'zh-CN' : 'zh-Hant';
}

type Locale = 'cn' | 'tw' | 'hk' | 't';

function traditionalLocale(lang: string): Locale {
  if (/^zh-(TW)\b/i.test(lang)) return 'tw';
  if (/^zh-(HK|MO)\b/i.test(lang)) return 'hk';
  return 't';
}

const converters = new Map<string, (text: string) => string>();

/**
 * A converter from the edition's script to `to` (identity when they are the same). Traditional text
 * of unknown region is read with the Hong Kong variant, which accepts the most variant forms.
 */
export function converter(editionLang: string, to: Script): (text: string) => string {
  const from = scriptOf(editionLang);
  if (from === to) return (text) => text;
  const fromLocale: Locale = from === 'hans' ? 'cn' : traditionalLocale(editionLang) === 't' ? 'hk' : traditionalLocale(editionLang);
  const toLocale: Locale = to === 'hans' ? 'cn' : traditionalLocale(editionLang);
  const key = `${fromLocale}>${toLocale}`;
  const known = converters.get(key);
  if (known) return known;
  const made: (text: string) => string = OpenCC.Converter({ from: fromLocale, to: toLocale });
  converters.set(key, made);
  return made;
}
