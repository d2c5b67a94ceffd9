/**
 * The page model: what a newspaper page says, independent of how it was exported and of how it will be
 * laid out. The zod schemas are the single source of truth; the TypeScript types are inferred from them.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const Position = z.object({
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});

export const Author = z.object({
  /** 记者, 全媒体记者, 通讯员, 摄影, 评论员, 特约记者, 实习生 … */
  role: z.string().nullable(),
  name: z.string().min(1),
});

export const BlockType = z.enum(['paragraph', 'subhead', 'list', 'photo', 'callout', 'quote']);

export const Block = z.object({
  type: BlockType,
  /** Text of a paragraph, subhead, callout or quote; null for lists and photos. */
  text: z.string().nullable(),
  /** Subhead level, 1 = the highest inside an article. */
  level: z.number().int().positive().optional(),
  /** List items (lists only). */
  items: z.array(z.string()).optional(),
  /** Ordered list or bullet list (lists only). */
  ordered: z.boolean().optional(),
  /** Photo caption and credit (photos only). */
  caption: z.string().nullable().optional(),
  credit: z.string().nullable().optional(),
  /** Image file name relative to the edition's images/ folder, when known. */
  src: z.string().nullable().optional(),
  /** Where the block starts in its source file. */
  source: Position.optional(),
});

export const Jump = z.object({
  direction: z.enum(['out', 'in']),
  page: z.number().int().positive(),
  mark: z.string().nullable(),
  /** The target page's code when the jump names a section ("下转A3版" → "A03"). */
  code: z.string().nullable().optional(),
  /** The jump line as printed, e.g. "▶下转02版①". */
  text: z.string(),
  /** True when the layout created this jump (a continuation), false when it was in the source. */
  generated: z.boolean().default(false),
});

export const Article = z.object({
  /** Stable id: p<page index+1>-a<article index+1>. */
  id: z.string(),
  kicker: z.string().nullable(),
  headline: z.string().nullable(),
  deck: z.string().nullable(),
  byline: z.string().nullable(),
  /** e.g. "株洲日报讯", "本报讯", "新华社北京1月31日电". */
  dateline: z.string().nullable().default(null),
  authors: z.array(Author),
  body: z.array(Block),
  jumps: z.array(Jump),
  /** Column logo or campaign slogan printed over the article ("新时代 新征程 新伟业"). */
  logo: z.string().nullable().default(null),
  /** A continuation ("▲上接01版①") carries the id of the article it continues, once resolved. */
  continues: z.string().nullable().default(null),
  /** The article's id in the system that published it (Founder "content_211248"), when known. */
  ref: z.string().nullable().optional(),
  source: Position.optional(),
});

export const Masthead = z.object({
  paper: z.string().nullable(),
  englishName: z.string().nullable().default(null),
  date: isoDate.nullable(),
  weekday: z.string().nullable(),
  lunarDate: z.string().nullable(),
  issueNumber: z.number().int().nullable(),
  pageCount: z.number().int().nullable(),
  publisher: z.string().nullable(),
  cn: z.string().nullable(),
  postalCode: z.string().nullable(),
});

export const Editor = z.object({ role: z.string(), name: z.string() });

export const Folio = z.object({
  number: z.number().int().nullable().default(null),
  date: isoDate.nullable(),
  weekday: z.string().nullable().default(null),
  section: z.string().nullable(),
  phone: z.string().nullable(),
  editors: z.array(Editor),
});

export const Teaser = z.object({
  headline: z.string(),
  page: z.number().int().nullable(),
  /** The reference as printed, e.g. "报道见 08 版". */
  text: z.string().nullable().default(null),
  /** Filled in when the teaser resolves to an article. */
  article: z.string().nullable().default(null),
});

export const Banner = z.object({
  /** "制造名城 幸福株洲" */
  title: z.string(),
  /** "——中国共产党株洲市第十三次代表大会特别报道" */
  subtitle: z.string().nullable(),
});

export const SourceMeta = z.object({
  /** The file this page came from, relative to the edition. */
  file: z.string(),
  /** The reader that read the file (src/parse/readers). */
  format: z.enum(['markdown', 'jekyll', 'html', 'founder-content', 'founder-node', 'people-article', 'people-node', 'plain-text', 'pdf-text']),
  encoding: z.string(),
  /** Front matter, 来源, 编辑, 责编, 作者, 浏览量, URL, timestamps … as printed. */
  meta: z.record(z.string()),
});

export const Page = z.object({
  number: z.number().int().nullable(),
  /** The page's identity as printed, section letter + number ("A01", "B03"), or null when unknown. */
  code: z.string().nullable().default(null),
  section: z.string().nullable(),
  date: isoDate.nullable(),
  /** The paper the page itself names (a trailer, a 版面 page title), when known. */
  paper: z.string().nullable().optional(),
  masthead: Masthead.nullable(),
  folio: Folio.nullable(),
  banner: Banner.nullable().default(null),
  teasers: z.array(Teaser),
  articles: z.array(Article),
  credits: z.array(z.string()),
  source: SourceMeta,
});

export const LinkEnd = z.object({
  page: z.number().int().nullable(),
  article: z.string().nullable(),
});

export const Link = z.object({
  kind: z.enum(['jump', 'teaser']),
  from: LinkEnd,
  to: LinkEnd,
  mark: z.string().nullable().default(null),
  resolved: z.boolean(),
});

export const Severity = z.enum(['error', 'warning', 'info']);

export const Diagnostic = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  severity: Severity,
  rule: z.string(),
  message: z.string(),
  /** The page (its number in the edition's frames, or the model page number) and article concerned, when known. */
  page: z.number().int().nullable().optional(),
  article: z.string().nullable().optional(),
});

export const Edition = z.object({
  id: z.string().min(1),
  paper: z.string().nullable(),
  date: isoDate.nullable(),
  /** BCP 47 tag: zh-CN for simplified sources, zh-Hant for traditional ones. */
  lang: z.string().default('zh-CN'),
  pages: z.array(Page),
  links: z.array(Link),
  diagnostics: z.array(Diagnostic),
});

export type Position = z.infer<typeof Position>;
export type Author = z.infer<typeof Author>;
export type Block = z.infer<typeof Block>;
export type BlockType = z.infer<typeof BlockType>;
export type Jump = z.infer<typeof Jump>;
export type Article = z.infer<typeof Article>;
export type Masthead = z.infer<typeof Masthead>;
export type Folio = z.infer<typeof Folio>;
export type Editor = z.infer<typeof Editor>;
export type Teaser = z.infer<typeof Teaser>;
export type Banner = z.infer<typeof Banner>;
export type SourceMeta = z.infer<typeof SourceMeta>;
export type Page = z.infer<typeof Page>;
export type Link = z.infer<typeof Link>;
export type Diagnostic = z.infer<typeof Diagnostic>;
export type Edition = z.infer<typeof Edition>;
