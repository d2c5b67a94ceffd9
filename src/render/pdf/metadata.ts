/** Document metadata: the Info dictionary, the edition PDF's XMP packet and the PDF/A output intent. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FramePage } from '../../layout/types.js';
import type { Edition } from '../../model/schema.js';
import type { PdfWriter } from './pdfkit.js';

/**
 * What the edition PDF claims to conform to: `none` (tagged PDF 1.7, no conformance claim), `pdfa-2b`
 * (PDF/A-2b: XMP identification and an sRGB output intent) or `pdfua` (all of pdfa-2b, plus the
 * PDF/UA-1 identification in XMP with its PDF/A extension schema).
 */
export type PdfProfile = 'none' | 'pdfa-2b' | 'pdfua';
export const PDF_PROFILES: readonly PdfProfile[] = ['none', 'pdfa-2b', 'pdfua'];

/** The edition PDF's document information, from the model. */
export interface EditionPdfInfo {
  /** Paper, date and issue number ("江城日报 2024年3月15日 第10234期"), else the edition id. */
  title: string;
  author?: string;
  subject: string;
  keywords: string;
  lang: string;
}

export function editionPdfInfo(edition: Edition, pages?: FramePage[]): EditionPdfInfo {
  const issue = edition.pages.map((p) => p.masthead?.issueNumber).find((n) => n != null);
  const date = chineseDate(edition.date);
  const title = [edition.paper, date, issue != null ? `第${issue}期` : null].filter(Boolean).join(' ') || edition.id;
  const count = pages?.length ?? edition.pages.length;
  const sections: string[] = [];
  edition.pages.forEach((p) => {
    const section = p.section ?? p.folio?.section;
    if (section && !sections.includes(section)) sections.push(section);
  });
  const subject = `${[edition.paper, date].filter(Boolean).join(' ') || edition.id} 电子版，共${count}版${
    sections.length > 0 ? `：${sections.join('、')}` : ''
  }`;
  const keywords = [edition.paper, edition.date, issue != null ? `第${issue}期` : null, ...sections].filter(Boolean).join(', ');
  const out: EditionPdfInfo = { title, subject, keywords, lang: edition.lang || 'zh-CN' };
  if (edition.paper) out.author = edition.paper;
  return out;
}

function chineseDate(date: string | null): string | null {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : null;
}

export interface InfoOptions {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creationDate?: Date;
}

/** The Info dictionary; keywords only for the edition PDF. */
export function documentInfo(options: InfoOptions, withKeywords: boolean): Record<string, string | Date> {
  const date = options.creationDate ?? new Date(0);
  const info: Record<string, string | Date> = {
    Producer: 'epaper (PDFKit)',
    Creator: 'epaper',
    CreationDate: date,
    ModDate: date,
  };
  if (options.title) info.Title = options.title;
  if (options.author) info.Author = options.author;
  if (options.subject) info.Subject = options.subject;
  if (withKeywords && options.keywords) info.Keywords = options.keywords;
  return info;
}

let srgbCache: Buffer | null = null;

/** The sRGB IEC 61966-2.1 ICC profile (ICC v2) that ships inside the pdfkit package. */
export function srgbProfile(): Buffer {
  if (srgbCache) return srgbCache;
  const main = createRequire(import.meta.url).resolve('pdfkit');
  const file = path.join(path.dirname(main), 'data', 'sRGB_IEC61966_2_1.icc');
  const bytes = readFileSync(file);
  if (bytes.length < 132 || bytes.toString('latin1', 36, 40) !== 'acsp' || bytes.toString('latin1', 16, 20) !== 'RGB ') {
    throw new Error(`${file} is not an RGB ICC profile`);
  }
  srgbCache = bytes;
  return bytes;
}

/** The PDF/A output intent: sRGB, the colour space photos are converted to. */
export function writeOutputIntent(writer: PdfWriter): void {
  const profile = writer.object({ N: 3 }, srgbProfile());
  const intent = writer.object({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: new String('sRGB IEC61966-2.1'),
    Info: new String('sRGB IEC61966-2.1'),
    RegistryName: new String('http://www.color.org'),
    DestOutputProfile: profile,
  });
  writer.setCatalog('OutputIntents', [intent]);
}

/**
 * The metadata of a document: for the edition PDF an XMP packet whose values match the Info
 * dictionary, escaped, plus the profile's identification; for page PDFs pdfkit's own, escaped.
 */
export function setMetadata(writer: PdfWriter, profile: PdfProfile | null, lang: string): void {
  if (profile) writer.replaceMetadata((info) => xmpPacket(info, profile, lang));
  else writer.escapeMetadataInfo(escapeXml);
}

function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** PDF/A (and PDF/UA) identification, with the extension schema PDF/A needs for pdfuaid. */
function identification(profile: PdfProfile): string[] {
  if (profile === 'none') return [];
  const out = [
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    '<pdfaid:part>2</pdfaid:part>',
    '<pdfaid:conformance>B</pdfaid:conformance>',
    '</rdf:Description>',
  ];
  if (profile !== 'pdfua') return out;
  out.push(
    '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    '<pdfuaid:part>1</pdfuaid:part>',
    '</rdf:Description>',
    // PDF/A accepts properties outside its predefined schemas only when an extension schema describes them.
    '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">',
    '<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>',
    '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>',
    '<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>',
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">',
    '<pdfaProperty:name>part</pdfaProperty:name>',
    '<pdfaProperty:valueType>Integer</pdfaProperty:valueType>',
    '<pdfaProperty:category>internal</pdfaProperty:category>',
    '<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>',
    '</rdf:li></rdf:Seq></pdfaSchema:property>',
    '</rdf:li></rdf:Bag></pdfaExtension:schemas>',
    '</rdf:Description>',
  );
  return out;
}

/** A string value of the Info dictionary, escaped for XML. */
function infoText(info: Record<string, unknown>, key: string): string | null {
  return typeof info[key] === 'string' ? escapeXml(info[key] as string) : null;
}

/** The Dublin Core description: format, title, creator, description, subjects and language. */
function dublinCore(info: Record<string, unknown>, lang: string): string[] {
  const out = ['<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">', '<dc:format>application/pdf</dc:format>'];
  const title = infoText(info, 'Title');
  if (title) out.push(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title>`);
  const author = infoText(info, 'Author');
  if (author) out.push(`<dc:creator><rdf:Seq><rdf:li>${author}</rdf:li></rdf:Seq></dc:creator>`);
  const subject = infoText(info, 'Subject');
  if (subject) out.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${subject}</rdf:li></rdf:Alt></dc:description>`);
  const keywords = typeof info.Keywords === 'string' ? info.Keywords.split(/,\s*/).filter(Boolean) : [];
  if (keywords.length > 0) out.push(`<dc:subject><rdf:Bag>${keywords.map((k) => `<rdf:li>${escapeXml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`);
  out.push(`<dc:language><rdf:Bag><rdf:li>${escapeXml(lang)}</rdf:li></rdf:Bag></dc:language>`, '</rdf:Description>');
  return out;
}

/** The XMP packet of an edition PDF. */
export function xmpPacket(info: Record<string, unknown>, profile: PdfProfile, lang: string): string {
  const date = info.CreationDate instanceof Date ? info.CreationDate : new Date(0);
  const modified = info.ModDate instanceof Date ? info.ModDate : date;
  const out: string[] = ['<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>', '<x:xmpmeta xmlns:x="adobe:ns:meta/">', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'];
  out.push(...identification(profile), ...dublinCore(info, lang));
  out.push(
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreatorTool>${infoText(info, 'Creator') ?? ''}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${xmpDate(date)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(modified)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(modified)}</xmp:MetadataDate>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${infoText(info, 'Producer') ?? ''}</pdf:Producer>`,
  );
  const allKeywords = infoText(info, 'Keywords');
  if (allKeywords) out.push(`<pdf:Keywords>${allKeywords}</pdf:Keywords>`);
  out.push('</rdf:Description>', '</rdf:RDF>', '</x:xmpmeta>', '<?xpacket end="w"?>');
  return out.join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
