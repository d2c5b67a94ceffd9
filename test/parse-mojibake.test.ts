import { expect, test } from 'vitest';
import iconv from 'iconv-lite';
import { repairMojibake } from '../src/parse/mojibake.js';
import { parseDocument } from '../src/parse/edition.js';

const asGbk = (s: string) => iconv.decode(Buffer.from(s, 'utf8'), 'gbk');
const asBig5 = (s: string) => iconv.decode(Buffer.from(s, 'utf8'), 'big5');

test('UTF-8 text decoded as GBK is repaired by the round trip', () => {
  const r = repairMojibake(`本报讯 ${asGbk('城东图书馆新馆开放了')}，市民排队入馆。`);
  expect(r.text).toBe('本报讯 城东图书馆新馆开放了，市民排队入馆。');
  expect(r.repairs[0]).toMatchObject({ codePage: 'gbk', repaired: '城东图书馆新馆开放了' });
});

test('a Big5 decoding that lost bytes cannot round-trip and is left alone', () => {
  const lost = asBig5('市民排隊入館參觀');
  expect(repairMojibake(lost).text).toBe(lost);
});

test('right text and lossy mojibake stay as they are', () => {
  const right = '城东图书馆新馆昨日开放，市民排队入馆，秩序井然。藏書二十萬冊，設有數字閱讀區。';
  expect(repairMojibake(right)).toEqual({ text: right, repairs: [] });
  const lossy = '處處彰顯為民情懷?!焙鲜∈膶萌舜笠淮螘h期間';
  expect(repairMojibake(lossy).repairs).toEqual([]);
});

test('the repair is reported at its line with the original kept', () => {
  const garbled = asGbk('城东图书馆新馆开放了');
  const r = parseDocument({ path: 'a.md', bytes: Buffer.from(`# 新馆开放\n\n本报讯 ${garbled}，市民排队入馆。\n`) });
  expect(r.page.articles[0]!.body[0]!.text).toBe('本报讯 城东图书馆新馆开放了，市民排队入馆。');
  const d = r.diagnostics.find((x) => x.rule === 'mojibake-repaired');
  expect(d).toMatchObject({ line: 3, severity: 'warning' });
  expect(d!.message).toContain(garbled);
});
