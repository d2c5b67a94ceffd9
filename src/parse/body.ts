/**
 * An article's body after its blocks are collected: jumps and teasers inside the text, column-break
 * joins, photos with captions and credits, bullet lists and subheads.
 */
import type { Block, Jump, Teaser } from '../model/schema.js';
import { BULLET, jumpPlace, teaserPlace, type Draft, type Unit, type Warn } from './units.js';
import { endsSentence, endsWithColon, findJumps, findTeaserRefs, hanRe, isLabelSubhead, parseDateline, splitCredit, visibleLength } from './patterns.js';

export function imageName(url: string): string {
  const clean = url.replace(/^\.\//, '');
  return clean.startsWith('images/') ? clean.slice('images/'.length) : clean;
}

/** Closing tags whose "<" was eaten by a wrong decoding ("?/p>") are markup, not text. */
export function stripResidue(t: string, u: Unit, warn: Warn): string {
  const out = t.replace(/([?？])\/(?:p|div|span|a|b|strong|em|font)>/g, '$1');
  if (out !== t) warn({ line: u.line, column: u.column }, 'markup-residue', 'removed a broken closing tag left by a wrong decoding', 'info');
  return out;
}


type RawBlock = { unit: Unit; block: Block };
type ListBlock = Block & { bullet?: boolean };

export function finishBody(d: Draft, teasers: Teaser[], warn: Warn, captionsMarked = false): Block[] {
  takeInlineRefs(d, teasers);
  const raw = d.raw.filter((r) => r.block.type !== 'paragraph' || (r.block.text ?? '') !== '');
  const joined = joinColumnBreaks(raw, warn);
  const out: Block[] = [];
  for (let k = 0; k < joined.length; k++) shapeBlock(out, joined, k, captionsMarked);
  // Remove the helper flag.
  for (const b of out) delete (b as ListBlock).bullet;
  return out;
}

/** 1. Jumps and teaser references inside paragraph text: taken out into the article and the page. */
function takeInlineRefs(d: Draft, teasers: Teaser[]): void {
  const a = d.article;
  for (const r of d.raw) {
    if (r.block.type !== 'paragraph' && r.block.type !== 'quote') continue;
    let t = r.block.text ?? '';
    for (const j of findJumps(t)) {
      const jump: Jump = { direction: j.direction, page: j.page, mark: j.mark, text: j.text, generated: false };
      if (j.code) jump.code = j.code;
      jumpPlace.set(jump, { line: r.unit.line, column: r.unit.column });
      a.jumps.push(jump);
      t = t.replace(j.text, '').trim();
    }
    for (const ref of findTeaserRefs(t)) {
      const teaser: Teaser = { headline: a.headline ?? t.slice(0, 20), page: ref.page, text: ref.text, article: null };
      teaserPlace.set(teaser, { line: r.unit.line, column: r.unit.column });
      teasers.push(teaser);
    }
    r.block.text = t;
  }
}

/**
 * The end of a paragraph that the tests of its ending read (sentence end, colon, a credit: patterns of
 * bounded length at its end), so that a paragraph grown by thousands of joins is not read whole again
 * at each one.
 */
const TAIL = 512;

/** A paragraph being joined: its parts (joined once at the end), its length and its last TAIL characters. */
interface Joining {
  parts: string[];
  length: number;
  tail: string;
}

/** Whether paragraph `r` continues `prev` (`joining`: its text so far), which a column break cut mid-sentence. */
function continuesAcrossBreak(prev: RawBlock | undefined, joining: Joining | undefined, r: RawBlock): prev is RawBlock {
  const before = joining?.tail ?? '';
  return !!(
    prev &&
    joining &&
    prev.block.type === 'paragraph' &&
    r.block.type === 'paragraph' &&
    r.unit.gapBefore < 2 &&
    !endsSentence(before) &&
    !endsWithColon(before) &&
    !BULLET.test(r.block.text!) &&
    !BULLET.test(joining.parts[0]!) &&
    !parseDateline(r.block.text!) &&
    !isLabelSubhead(r.block.text!) &&
    // A label subhead is at most 32 characters long.
    !(joining.length <= TAIL && isLabelSubhead(before)) &&
    !splitCredit(before) &&
    !splitCredit(r.block.text!) &&
    !prev.unit.strong &&
    !r.unit.strong &&
    prev.unit.role !== 'caption' &&
    r.unit.role !== 'caption'
  );
}

const firstChar = (text: string) => (text.length > 0 ? String.fromCodePoint(text.codePointAt(0)!) : '');
const lastChar = (text: string) => [...text.slice(-2)].pop()!;

/** 2. Column-break repair: join a paragraph that stops mid-sentence with the one that continues it. */
function joinColumnBreaks(raw: RawBlock[], warn: Warn): RawBlock[] {
  const joined: RawBlock[] = [];
  const texts: Joining[] = [];
  for (const r of raw) {
    const prev = joined[joined.length - 1];
    const joining = texts[texts.length - 1];
    if (continuesAcrossBreak(prev, joining, r)) {
      const right = r.block.text!;
      const last = lastChar(joining!.tail);
      if (last === firstChar(right) && hanRe.test(last)) {
        warn(
          { line: r.unit.line, column: r.unit.column },
          'doubled-character',
          `"${last}" ends one column and starts the next: the export may have doubled it; both are kept`,
        );
      }
      joining!.parts.push(right);
      joining!.length += right.length;
      joining!.tail = (joining!.tail + right).slice(-TAIL);
      continue;
    }
    joined.push({ unit: r.unit, block: { ...r.block } });
    const text = r.block.text ?? '';
    texts.push({ parts: [text], length: text.length, tail: text.slice(-TAIL) });
  }
  joined.forEach((j, i) => {
    if (texts[i]!.parts.length > 1) j.block.text = texts[i]!.parts.join('');
  });
  return joined;
}

/** 3. Photos, bullets, subheads: block `k` of `joined` added to `out` as what it is. */
function shapeBlock(out: Block[], joined: RawBlock[], k: number, captionsMarked: boolean): void {
  const { unit, block } = joined[k]!;
  if (block.type !== 'paragraph') {
    out.push(block);
    return;
  }
  const t = block.text!;
  const credit = splitCredit(t);
  if (takeCaption(out, unit, t, credit, captionsMarked)) return;
  if (unit.role === 'caption') {
    out.push({ type: 'photo', text: null, caption: credit ? credit.caption : t, credit: credit ? credit.credit : null, src: null, source: block.source });
    return;
  }
  if (credit && visibleLength(t) <= 200) {
    out.push(creditPhoto(out, joined, k, credit));
    return;
  }
  if (BULLET.test(t)) {
    addBullet(out, t, block);
    return;
  }
  if (unit.strong && visibleLength(t) <= 40) {
    out.push({ type: 'subhead', text: t, level: 1, source: block.source });
    return;
  }
  if (isLabelSubhead(t)) {
    out.push({ type: 'subhead', text: t, level: 1, source: block.source });
    return;
  }
  out.push(block);
}

type Credit = NonNullable<ReturnType<typeof splitCredit>>;

/** The line under a picture is its caption (with its credit, when printed at its end). */
function takeCaption(out: Block[], unit: Unit, t: string, credit: Credit | null, captionsMarked: boolean): boolean {
  const photo = out[out.length - 1];
  if (photo && photo.type === 'photo' && photo.caption === null && photo.credit === null && (unit.role === 'caption' || (unit.gapBefore < 2 && (credit || (!captionsMarked && visibleLength(t) <= 80))))) {
    photo.caption = credit ? credit.caption : t;
    photo.credit = credit ? credit.credit : null;
    return true;
  }
  return false;
}

/** A photo from a credit line; a credit alone takes the paragraph before it, set after the picture's blank space, as the caption. */
function creditPhoto(out: Block[], joined: RawBlock[], k: number, credit: Credit): Block {
  const { block } = joined[k]!;
  let caption = credit.caption;
  if (!caption) {
    const prev = out[out.length - 1];
    const prevRaw = joined[k - 1];
    if (prev && prev.type === 'paragraph' && prevRaw && (prevRaw.unit.gapBefore >= 2 || visibleLength(prev.text!) <= 80)) {
      caption = prev.text;
      out.pop();
    }
  }
  return { type: 'photo', text: null, caption, credit: credit.credit, src: null, source: block.source };
}

/** A bullet line: an item of the bullet list just before, or a new one. */
function addBullet(out: Block[], t: string, block: Block): void {
  const item = t.replace(BULLET, '').trim();
  const prev = out[out.length - 1];
  if (prev && prev.type === 'list' && prev.ordered === false && (prev as ListBlock).bullet) prev.items!.push(item);
  else out.push(Object.assign({ type: 'list' as const, text: null, items: [item], ordered: false, source: block.source }, { bullet: true }));
}
