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


export function finishBody(d: Draft, teasers: Teaser[], warn: Warn, captionsMarked = false): Block[] {
  const a = d.article;
  // 1. Jumps and teaser references inside paragraph text.
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
  const raw = d.raw.filter((r) => r.block.type !== 'paragraph' || (r.block.text ?? '') !== '');

  // 2. Column-break repair: join a paragraph that stops mid-sentence with the one that continues it.
  const joined: { unit: Unit; block: Block }[] = [];
  for (const r of raw) {
    const prev = joined[joined.length - 1];
    if (
      prev &&
      prev.block.type === 'paragraph' &&
      r.block.type === 'paragraph' &&
      r.unit.gapBefore < 2 &&
      !endsSentence(prev.block.text!) &&
      !endsWithColon(prev.block.text!) &&
      !BULLET.test(r.block.text!) &&
      !BULLET.test(prev.block.text!) &&
      !parseDateline(r.block.text!) &&
      !isLabelSubhead(r.block.text!) &&
      !isLabelSubhead(prev.block.text!) &&
      !splitCredit(prev.block.text!) &&
      !splitCredit(r.block.text!) &&
      !prev.unit.strong &&
      !r.unit.strong &&
      prev.unit.role !== 'caption' &&
      r.unit.role !== 'caption'
    ) {
      const left = prev.block.text!;
      const right = r.block.text!;
      const last = [...left].pop()!;
      const firstChar = [...right][0]!;
      if (last === firstChar && hanRe.test(last)) {
        warn(
          { line: r.unit.line, column: r.unit.column },
          'doubled-character',
          `"${last}" ends one column and starts the next: the export may have doubled it; both are kept`,
        );
      }
      prev.block.text = left + right;
      continue;
    }
    joined.push({ unit: r.unit, block: { ...r.block } });
  }

  // 3. Photos, bullets, subheads.
  const out: Block[] = [];
  for (let k = 0; k < joined.length; k++) {
    const { unit, block } = joined[k]!;
    if (block.type !== 'paragraph') {
      out.push(block);
      continue;
    }
    const t = block.text!;
    const credit = splitCredit(t);
    // The line under a picture is its caption (with its credit, when printed at its end).
    const photo = out[out.length - 1];
    if (photo && photo.type === 'photo' && photo.caption === null && photo.credit === null && (unit.role === 'caption' || (unit.gapBefore < 2 && (credit || (!captionsMarked && visibleLength(t) <= 80))))) {
      photo.caption = credit ? credit.caption : t;
      photo.credit = credit ? credit.credit : null;
      continue;
    }
    if (unit.role === 'caption') {
      out.push({ type: 'photo', text: null, caption: credit ? credit.caption : t, credit: credit ? credit.credit : null, src: null, source: block.source });
      continue;
    }
    if (credit && visibleLength(t) <= 200) {
      let caption = credit.caption;
      // A credit alone: the paragraph before it, set after the picture's blank space, is the caption.
      if (!caption) {
        const prev = out[out.length - 1];
        const prevRaw = joined[k - 1];
        if (prev && prev.type === 'paragraph' && prevRaw && (prevRaw.unit.gapBefore >= 2 || visibleLength(prev.text!) <= 80)) {
          caption = prev.text;
          out.pop();
        }
      }
      out.push({ type: 'photo', text: null, caption, credit: credit.credit, src: null, source: block.source });
      continue;
    }
    if (BULLET.test(t)) {
      const item = t.replace(BULLET, '').trim();
      const prev = out[out.length - 1];
      if (prev && prev.type === 'list' && prev.ordered === false && (prev as Block & { bullet?: boolean }).bullet) prev.items!.push(item);
      else out.push(Object.assign({ type: 'list' as const, text: null, items: [item], ordered: false, source: block.source }, { bullet: true }));
      continue;
    }
    if (unit.strong && visibleLength(t) <= 40) {
      out.push({ type: 'subhead', text: t, level: 1, source: block.source });
      continue;
    }
    if (isLabelSubhead(t)) {
      out.push({ type: 'subhead', text: t, level: 1, source: block.source });
      continue;
    }
    out.push(block);
  }
  // Remove the helper flag.
  for (const b of out) delete (b as Block & { bullet?: boolean }).bullet;
  return out;
}
