/**
 * Mojibake repair: UTF-8 text that was decoded with a GBK or Big5 code page becomes runs of unusual Han
 * characters. For each run, try the round trip (encode with the wrong code page, decode as UTF-8); keep
 * the result only when it is valid UTF-8 and plausible Chinese text, and say what was there before.
 */
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const RUN = /[^\x00-\x7f\s\u3000-\u303f\uff01-\uff5e“”‘’]{4,}/g;
const HAN = /[\u3400-\u9fff]/g;

export interface Repair {
  original: string;
  repaired: string;
  codePage: string;
}

function roundTrip(run: string): { text: string; codePage: string } | null {
  for (const codePage of ['gbk', 'big5']) {
    const bytes = iconv.encode(run, codePage);
    if (iconv.decode(bytes, codePage) !== run) continue; // not text of this code page
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      continue;
    }
    const han = (text.match(HAN) ?? []).length;
    // Plausible: mostly Han, no control or private-use characters, shorter than the run (3 bytes a character).
    if (han >= 2 && han >= [...text].length * 0.6 && !/[\u0000-\u0008\uE000-\uF8FF\uFFFD]/.test(text) && text.length < run.length) {
      return { text, codePage };
    }
  }
  return null;
}

/** The text with every repairable run repaired, and the repairs made. */
export function repairMojibake(text: string): { text: string; repairs: Repair[] } {
  const repairs: Repair[] = [];
  const out = text.replace(RUN, (run) => {
    const fixed = roundTrip(run);
    if (!fixed) return run;
    repairs.push({ original: run, repaired: fixed.text, codePage: fixed.codePage });
    return fixed.text;
  });
  return { text: out, repairs };
}
