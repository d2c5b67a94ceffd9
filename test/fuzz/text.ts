/**
 * Newspaper-like Chinese text for the generators: words, sentences, headlines, names, and the odd
 * characters that hostile input carries (no glyph in the fonts, noncharacters, lone surrogates).
 */
import type { Rng } from './rng.js';

const WORDS = [
  '城市', '发展', '项目', '建设', '群众', '服务', '经济', '工作', '推进', '会议', '企业', '产业', '创新', '改革',
  '乡村', '振兴', '文化', '旅游', '交通', '教育', '医疗', '社区', '街道', '居民', '市民', '政府', '部门', '干部',
  '学校', '学生', '老师', '医院', '图书馆', '新馆', '开放', '活动', '举行', '参加', '代表', '今年', '去年', '目前',
  '全市', '全省', '株洲', '江城', '湘江', '大桥', '高铁', '站点', '港口', '码头', '集装箱', '吞吐量', '增长', '百分之',
  '完成', '任务', '目标', '计划', '措施', '环境', '保护', '生态', '绿色', '低碳', '能源', '电力', '制造', '名城',
  '幸福', '安全', '生产', '检查', '志愿者', '春节', '假期', '游客', '景区', '消费', '市场', '价格', '稳定', '就业',
];
const FUNCTION_WORDS = ['的', '了', '在', '和', '与', '对', '将', '已', '把', '为', '是', '有', '也', '都', '还'];
const CLAUSE_END = ['，', '，', '，', '、', '；', '：'];
const SENTENCE_END = ['。', '。', '。', '！', '？', '。”', '……'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戚莫孔向汤';
const GIVEN = '晓明华军平伟芳娜敏静丽强磊洋艳勇杰娟涛超秀霞刚桂英波辉玲红燕鹏飞荣欣宇浩然婷雪琳欢';
const TRADITIONAL = ['發展', '經濟', '國際', '學校', '會議', '關係', '這裡', '時間', '電話', '報導'];
/** Characters the bundled fonts have no glyph for (CJK Extension B, emoji, symbols). */
export const NO_GLYPH = ['𠀀', '𠀋', '𡈽', '𪚥', '😀', '🀄', '𝄞', '\u{2A6D6}', '\u{30000}'];
/** Noncharacters and lone surrogates: must be reported and replaced with U+FFFD. */
export const BAD_CODE_POINTS = ['\uFFFE', '\uFFFF', '\uFDD0', '\uFDEF', '\u{1FFFE}', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
const LATIN = ['GDP', 'APP', '5G', 'iPhone 15', 'Wi-Fi', 'CN 43-0005', 'COVID-19', 'A股', 'ETC', 'www.example.cn'];

export function word(rng: Rng): string {
  return rng.pick(WORDS);
}

export function personName(rng: Rng): string {
  return rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + (rng.chance(0.6) ? rng.pick([...GIVEN]) : '');
}

/** A number as a newspaper prints it: 12, 3.5%, １２, 2023年. */
function numberText(rng: Rng): string {
  const n = rng.int(1, 9999);
  switch (rng.int(0, 4)) {
    case 0:
      return `${n}`;
    case 1:
      return `${(n / 10).toFixed(1)}%`;
    case 2:
      return [...String(n)].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('');
    case 3:
      return `${rng.int(1990, 2030)}年`;
    default:
      return `${n}万元`;
  }
}

export interface TextOptions {
  /** Share of words replaced by numbers, Latin, traditional or glyph-less characters. */
  spice?: number;
}

function token(rng: Rng, options: TextOptions): string {
  const spice = options.spice ?? 0.05;
  if (rng.chance(spice)) {
    switch (rng.int(0, 5)) {
      case 0:
      case 1:
        return numberText(rng);
      case 2:
        return rng.pick(LATIN);
      case 3:
        return rng.pick(TRADITIONAL);
      case 4:
        return rng.pick(NO_GLYPH);
      default:
        return `“${word(rng)}${word(rng)}”`;
    }
  }
  return rng.chance(0.25) ? rng.pick(FUNCTION_WORDS) + word(rng) : word(rng);
}

/** A sentence of `words` words with commas between clauses and a full stop at the end. */
export function sentence(rng: Rng, words = rng.int(4, 18), options: TextOptions = {}): string {
  let out = '';
  for (let i = 0; i < words; i++) {
    out += token(rng, options);
    if (i > 0 && i < words - 1 && rng.chance(0.18)) out += rng.pick(CLAUSE_END);
  }
  return out + rng.pick(SENTENCE_END);
}

/** A paragraph of about `chars` characters (at least one sentence). */
export function paragraph(rng: Rng, chars = rng.logInt(20, 400), options: TextOptions = {}): string {
  const parts: string[] = [];
  let length = 0;
  do {
    const s = sentence(rng, undefined, options);
    parts.push(s);
    length += s.length;
  } while (length < chars);
  return parts.join('');
}

/** Exactly `chars` UTF-16 units of running text without sentence breaks (for very long lines). */
export function run(rng: Rng, chars: number): string {
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const w = word(rng);
    parts.push(w);
    length += w.length;
  }
  return parts.join('').slice(0, chars);
}

/** A headline: a few words, no full stop, now and then two phrases separated by a space. */
export function headline(rng: Rng, words = rng.int(3, 9)): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(word(rng));
  if (words > 4 && rng.chance(0.4)) parts.splice(Math.floor(words / 2), 0, ' ');
  return parts.join('').trim();
}

/** "本报讯（记者 王晓明）" and its kin: a dateline and byline that open an article's first paragraph. */
export function dateline(rng: Rng): string {
  const who = personName(rng);
  return rng.pick([`本报讯（记者 ${who}）`, `株洲日报讯(全媒体记者/${who}) `, `新华社北京1月31日电（记者${who}）`, `江城日报讯 记者${who} 报道：`]);
}

/** Characters drawn from the whole of Unicode (assigned or not), never a lone surrogate. */
export function anyCharacters(rng: Rng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    const plane = rng.weighted({ bmp: 8, astral: 1 });
    let cp = plane === 'bmp' ? rng.int(0x20, 0xfffd) : rng.int(0x10000, 0x10ffff);
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x4e00 + (cp - 0xd800);
    out += String.fromCodePoint(cp);
  }
  return out;
}
