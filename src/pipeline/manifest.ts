/**
 * manifest.json: the files of a built edition tied together — per page its number, code, section, page PDF,
 * ALTO file and the named destinations of the page and its articles in the edition PDF — with SHA-256
 * checksums, and the web fonts the pages need (named, made by the server or site writer when asked for). Paths are relative to the edition folder.
 */
import { createHash } from 'node:crypto';
import { editionOutline, editionPdfInfo } from '../render/pdf/index.js';
import { ALTO_UNIT } from '../render/alto/index.js';
import { webFontList } from '../render/fonts-web.js';
import type { BuiltEdition } from './build.js';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export function editionManifest(built: BuiltEdition): Record<string, unknown> {
  const { edition } = built;
  const pages = edition.layout.pages;
  const outline = editionOutline(pages, edition);
  const linked = built.editionPdf != null;
  const info = editionPdfInfo(edition, pages);
  const editionHash = built.editionPdf ? sha256(built.editionPdf) : null;
  return {
    edition: edition.id,
    title: info.title,
    paper: edition.paper,
    date: edition.date,
    lang: edition.lang,
    template: edition.layout.template,
    editionPdf: built.editionPdf ? { file: `${edition.id}.pdf`, profile: built.pdfProfile ?? 'pdfa-2b', sha256: editionHash } : null,
    alto: built.alto ? { version: '4.2', measurementUnit: ALTO_UNIT, note: 'mm10: tenths of a millimetre from the top-left corner of the page' } : null,
    pages: pages.map((page, i) => {
      const model = edition.pages[i];
      const pdf = built.pdfs[i];
      const alto = built.alto?.[i];
      return {
        number: page.number,
        code: page.code,
        order: i + 1,
        section: model?.section ?? model?.folio?.section ?? null,
        // A one-page edition's page PDF is its edition PDF (one buffer, hashed once).
        pdf: pdf ? { file: `pdf/${page.code}.pdf`, sha256: pdf === built.editionPdf ? editionHash : sha256(pdf) } : null,
        alto: alto != null ? { file: `alto/${page.code}.xml`, sha256: sha256(alto) } : null,
        destination: linked ? (outline[i]?.dest ?? null) : null,
        articles: (outline[i]?.children ?? []).map((entry) => ({ id: entry.article ?? null, title: entry.title, destination: linked ? entry.dest : null })),
      };
    }),
    webFonts: webFontList(pages, built.fonts),
    ...(built.inputs ? { inputs: built.inputs } : {}),
  };
}
