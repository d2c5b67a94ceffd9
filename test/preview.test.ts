/**
 * The editor preview's server (epaper preview) over HTTP on 127.0.0.1, with its file watcher: a saved
 * document sends a new state on the edition's event stream; broken input (unclosed front matter, an
 * empty file, a binary file, a deleted file) is reported with its file and line while the last good
 * layout stays served; the layout switch; the source route and its limits; diagnostics placed on the
 * boxes of their articles.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { preview, type Previewing, type PreviewState } from '../src/server/preview/index.js';
import { placeProblems } from '../src/server/preview/problems.js';

const quiet = { out: () => undefined, err: () => undefined };
const root = mkdtempSync(join(tmpdir(), 'epaper-preview-'));
const shown = (file: string) => relative(process.cwd(), file) || file;

/** The events of an event stream, read as they come. */
function events(url: string) {
  const controller = new AbortController();
  const received: { event: string; data: unknown }[] = [];
  const waiter: { wake: (() => void) | null } = { wake: null };
  const done = (async () => {
    const res = await fetch(url, { signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) {
          received.push({ event, data: JSON.parse(data) });
          waiter.wake?.();
        }
      }
    }
  })().catch(() => undefined);
  return {
    received,
    /** The first state from index `from` on that passes the test. */
    async state(test: (s: PreviewState) => boolean, from = 0, ms = 10_000): Promise<PreviewState> {
      const until = Date.now() + ms;
      for (;;) {
        const hit = received.slice(from).find((e) => e.event === 'state' && test(e.data as PreviewState));
        if (hit) return hit.data as PreviewState;
        if (Date.now() > until) throw new Error(`no such state within ${ms} ms; got ${JSON.stringify(received.map((e) => e.event))}`);
        await new Promise<void>((r) => {
          waiter.wake = r;
          setTimeout(r, 100);
        });
      }
    },
    close: async () => {
      controller.abort();
      await done;
    },
  };
}

describe('preview of a folder edition', () => {
  const dir = join(root, 'two-pages');
  const p1 = join(dir, 'p1.md');
  let good = '';
  let p: Previewing;
  let base = '';

  beforeAll(async () => {
    cpSync('test/fixtures/editions/two-pages', dir, { recursive: true });
    good = readFileSync(p1, 'utf8');
    p = await preview([dir], { port: 0, signals: false, io: quiet });
    base = p.url.replace(/\/$/, '');
  }, 60_000);

  afterAll(async () => {
    await p?.close();
  });

  test('prints the viewer URL on loopback and serves the viewer with the preview controls', async () => {
    expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(p.pageUrl).toBe(`${base}/e/two-pages/`);
    const html = await (await fetch(p.pageUrl)).text();
    expect(html).toContain('id="ep-pv-toggle"');
    expect(html).toContain('id="ep-pv-layout"');
    expect(html).toMatch(/<script type="module" src="\/assets\/preview-[0-9a-f]{16}\.js"><\/script>/);
    expect(html).toMatch(/pages\/1\.html\?v=[0-9a-f]+\.\d+/);
    const js = /src="(\/assets\/preview-[0-9a-f]{16}\.js)"/.exec(html)![1]!;
    expect((await fetch(base + js)).status).toBe(200);
    const pdf = /href="(\/e\/two-pages\/pdf\/01\.pdf\?v=[^"]+)"/.exec(html)![1]!;
    const r = await fetch(base + pdf.replace(/&amp;/g, '&'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('a saved document sends a new state on the event stream', async () => {
    const stream = events(`${base}/e/two-pages/events`);
    try {
      const first = await stream.state(() => true);
      expect(first.ok).toBe(true);
      expect(first.viewer?.pages.length).toBe(2);
      const mark = stream.received.length;
      writeFileSync(p1, good.replace('城东图书馆新馆今日开放', '城西体育馆明天迎客'));
      const next = await stream.state((s) => s.rev > first.rev, mark);
      expect(next.ok).toBe(true);
      expect(stream.received.slice(mark).some((e) => e.event === 'building')).toBe(true);
      const page = await (await fetch(base + next.viewer!.pages[0]!.html)).text();
      expect(page).toContain('城西体育馆');
      expect(next.viewer!.pages[0]!.html).not.toBe(first.viewer!.pages[0]!.html);
      expect(next.fontCss).toMatch(/^\/assets\/fonts-[0-9a-f]{16}\.css$/);
      expect((await fetch(base + next.fontCss!)).status).toBe(200);
      const mark2 = stream.received.length;
      writeFileSync(p1, good);
      await stream.state((s) => s.rev > next.rev && !s.building, mark2);
    } finally {
      writeFileSync(p1, good);
      await stream.close();
    }
  });

  test('broken input keeps the last good layout and names the file and line', async () => {
    const stream = events(`${base}/e/two-pages/events`);
    try {
      const ok = await stream.state((s) => s.ok && !s.building);
      const pageUrl = base + ok.viewer!.pages[0]!.html;
      const before = await (await fetch(pageUrl)).text();

      let mark = stream.received.length;
      writeFileSync(p1, `---\ntitle: 半截的头\n${good}`);
      const broken = await stream.state((s) => !s.ok, mark);
      expect(broken.rev).toBe(ok.rev);
      expect(broken.viewer).not.toBeNull();
      expect(broken.errors[0]).toMatchObject({ file: shown(p1), line: 1, severity: 'error', rule: 'front-matter' });
      expect(await (await fetch(p.pageUrl)).text()).toContain('城东图书馆');
      expect(await (await fetch(pageUrl)).text()).toBe(before);

      mark = stream.received.length;
      writeFileSync(p1, '');
      const empty = await stream.state((s) => !s.ok && s.errors[0]?.rule === 'empty-document', mark);
      expect(empty.errors[0]).toMatchObject({ file: shown(p1), line: 1 });

      mark = stream.received.length;
      writeFileSync(p1, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 0, 0]));
      const binary = await stream.state((s) => !s.ok && /binary/.test(s.errors[0]?.message ?? ''), mark);
      expect(binary.errors[0]!.file).toBe(shown(p1));
      expect(binary.rev).toBe(ok.rev);

      mark = stream.received.length;
      writeFileSync(p1, good);
      const fixed = await stream.state((s) => s.ok, mark);
      expect(fixed.errors).toEqual([]);
    } finally {
      writeFileSync(p1, good);
      await stream.close();
    }
  });

  test('the layout switch lays the edition out again without a restart', async () => {
    const stream = events(`${base}/e/two-pages/events`);
    try {
      const before = await stream.state((s) => s.ok && !s.building);
      expect(before.layout).toEqual({ value: 'auto', template: 'broadsheet' });
      const mark = stream.received.length;
      const r = await fetch(`${base}/preview/layout`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ layout: 'tabloid' }) });
      expect(r.status).toBe(202);
      const after = await stream.state((s) => s.layout.template === 'tabloid' && !s.building, mark);
      expect(after.layout.value).toBe('tabloid');
      expect(after.rev).toBeGreaterThan(before.rev);
      // Laid out again on the other template: the page has another size (a short page may be set on a
      // folded sheet of either template, so which one is wider depends on the text).
      expect(after.viewer!.pages[0]!.w).not.toBe(before.viewer!.pages[0]!.w);

      const bad = await fetch(`${base}/preview/layout`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ layout: '../../etc/passwd' }) });
      expect(bad.status).toBe(400);
      const form = await fetch(`${base}/preview/layout`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'layout=broadsheet' });
      expect(form.status).toBe(400);

      const mark2 = stream.received.length;
      await fetch(`${base}/preview/layout`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ layout: 'broadsheet' }) });
      await stream.state((s) => s.layout.template === 'broadsheet' && !s.building, mark2);
    } finally {
      await stream.close();
    }
  });

  test('the source route shows lines of watched files only', async () => {
    const r = await fetch(`${base}/preview/source?file=${encodeURIComponent(shown(p1))}&line=13`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { line: number; first: number; lines: string[] };
    expect(body.line).toBe(13);
    expect(body.lines[body.line - body.first]).toBe(good.split('\n')[12]);
    for (const file of ['package.json', join(process.cwd(), 'package.json'), '/etc/passwd', `${shown(dir)}/../../package.json`]) {
      const no = await fetch(`${base}/preview/source?file=${encodeURIComponent(file)}&line=1`);
      expect(no.status).toBe(404);
    }
  });

  test('answers on loopback names only: exact names, any case, its own port', async () => {
    const { request } = await import('node:http');
    const port = new URL(base).port;
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${base}/preview/state/two-pages`, { headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    for (const bad of ['attacker.example:80', `127.evil.com:${port}`, `127.0.0.1.nip.io:${port}`, `localhost:${Number(port) + 1}`]) expect(await statusFor(bad), bad).toBe(421);
    for (const ok of [`LOCALHOST:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]) expect(await statusFor(ok), ok).toBe(200);
    expect((await fetch(`${base}/preview/state/two-pages`)).status).toBe(200);
  });
});

describe('preview of a one-file edition', () => {
  const dir = join(root, 'single');
  const file = join(dir, 'front.md');
  let text = '';
  let p: Previewing;
  let base = '';

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    text = readFileSync('test/fixtures/editions/two-pages/p1.md', 'utf8');
    writeFileSync(file, text);
    p = await preview([file], { port: 0, signals: false, io: quiet });
    base = p.url.replace(/\/$/, '');
  }, 60_000);

  afterAll(async () => {
    await p?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('a deleted document is an error naming it until it is back', async () => {
    const stream = events(`${base}/e/front/events`);
    try {
      const ok = await stream.state((s) => s.ok);
      let mark = stream.received.length;
      unlinkSync(file);
      const gone = await stream.state((s) => !s.ok, mark);
      expect(gone.errors[0]!.file).toBe(shown(file));
      expect(gone.errors[0]!.message).toMatch(/no such file/);
      expect(gone.rev).toBe(ok.rev);
      expect((await fetch(`${base}/e/front/`)).status).toBe(200);
      mark = stream.received.length;
      writeFileSync(file, text.replace('城东图书馆新馆今日开放', '城东图书馆新馆明日开放'));
      const back = await stream.state((s) => s.ok, mark);
      expect(back.rev).toBeGreaterThan(ok.rev);
    } finally {
      await stream.close();
    }
  });

  test('a dangling jump is listed at its own line and placed on its article', async () => {
    const stream = events(`${base}/e/front/events`);
    try {
      await stream.state((s) => s.ok);
      const mark = stream.received.length;
      writeFileSync(file, text);
      const s = await stream.state((x) => x.ok && x.problems.some((d) => d.rule === 'dangling-jump'), mark);
      const d = s.problems.find((x) => x.rule === 'dangling-jump')!;
      const line = text.split('\n').findIndex((l) => l.startsWith('▶下转')) + 1;
      expect(d).toMatchObject({ file: shown(file), line, severity: 'warning', article: 'p1-a1', page: 1 });
      expect(d.rects.length).toBeGreaterThan(0);
      expect(d.rects.every((r) => r.page === 1 && r.w > 0 && r.h > 0)).toBe(true);
    } finally {
      await stream.close();
    }
  });
});

describe('preview with broken input from the start and a layout file', () => {
  const dir = join(root, 'broken');
  const doc = join(dir, 'p1.md');
  const layoutFile = join(root, 'my-layout.json');
  let text = '';
  let layoutText = '';
  let p: Previewing;
  let base = '';

  beforeAll(async () => {
    cpSync('test/fixtures/editions/two-pages', dir, { recursive: true });
    text = readFileSync(doc, 'utf8');
    writeFileSync(doc, `---\ntitle: 没写完\n${text}`);
    layoutText = readFileSync('layouts/tabloid.json', 'utf8');
    writeFileSync(layoutFile, layoutText);
    p = await preview([dir], { port: 0, signals: false, io: quiet, layout: layoutFile });
    base = p.url.replace(/\/$/, '');
  }, 60_000);

  afterAll(async () => {
    await p?.close();
  });

  test('starts anyway, waits on a page that names the error, and shows the edition once it is fixed', async () => {
    const stream = events(`${base}/e/broken/events`);
    try {
      const first = await stream.state(() => true);
      expect(first).toMatchObject({ ok: false, rev: 0, viewer: null });
      expect(first.errors[0]).toMatchObject({ file: shown(doc), line: 1, rule: 'front-matter' });
      const waiting = await fetch(`${base}/e/broken/`);
      expect(waiting.status).toBe(200);
      const html = await waiting.text();
      expect(html).toContain('id="ep-pv-banner"');
      expect(html).toContain('/preview/layout');
      const mark = stream.received.length;
      writeFileSync(doc, text);
      const fixed = await stream.state((s) => s.ok, mark);
      expect(fixed.rev).toBeGreaterThan(0);
      expect(fixed.layout).toEqual({ value: 'file', template: 'tabloid' });
      expect(await (await fetch(`${base}/e/broken/`)).text()).toContain('id="ep-book"');
    } finally {
      await stream.close();
    }
  });

  test('the layout file is watched: a syntax error names its line, a fix lays out again', async () => {
    const stream = events(`${base}/e/broken/events`);
    try {
      const ok = await stream.state((s) => s.ok);
      let mark = stream.received.length;
      writeFileSync(layoutFile, layoutText.replace('{', '{\n  "columns": ,'));
      const broken = await stream.state((s) => !s.ok, mark);
      expect(broken.errors[0]).toMatchObject({ file: shown(layoutFile), line: 2, rule: 'layout' });
      expect(broken.rev).toBe(ok.rev);
      const source = await fetch(`${base}/preview/source?file=${encodeURIComponent(shown(layoutFile))}&line=2`);
      expect(((await source.json()) as { lines: string[] }).lines).toContain('  "columns": ,');
      mark = stream.received.length;
      writeFileSync(layoutFile, layoutText.replace(/"columns":\s*\d+/, '"columns": 4'));
      const fixed = await stream.state((s) => s.ok, mark);
      expect(fixed.rev).toBeGreaterThan(ok.rev);
    } finally {
      await stream.close();
    }
  });

  test('epaper preview: usage errors exit 2', async () => {
    const { main } = await import('../src/cli/index.js');
    const errs: string[] = [];
    const io = { out: () => undefined, err: (m: string) => errs.push(m) };
    expect(await main(['preview'], io)).toBe(2);
    expect(await main(['preview', join(root, 'nothing-here')], io)).toBe(2);
    expect(await main(['preview', dir, '--port', 'x'], io)).toBe(2);
    expect(await main(['preview', dir, '--layout', 'nosuch'], io)).toBe(2);
    expect(errs.join('\n')).toMatch(/no such file or folder/);
    expect(errs.join('\n')).toMatch(/unknown layout "nosuch"/);
  });
});

describe('placing diagnostics', () => {
  const page = (n: number, boxes: { kind: string; article: string | null; x: number; y: number }[]) => ({
    number: n,
    width: 600,
    height: 800,
    report: { fill: 0.5, kinsokuViolations: 0, looseLines: 0, orphans: 0, continuations: 0 },
    boxes: boxes.map((b) => ({ ...b, width: 100, height: 50, lines: [] })),
  });
  const article = (id: string, line: number, blocks: number[]) => ({
    id,
    kicker: null,
    headline: id,
    deck: null,
    byline: null,
    dateline: null,
    authors: [],
    body: blocks.map((l) => ({ type: 'paragraph' as const, text: 'x', source: { line: l, column: 1 } })),
    jumps: [],
    logo: null,
    continues: null,
    source: { line, column: 1 },
  });
  const source = (file: string) => ({ file, format: 'markdown' as const, encoding: 'utf-8', meta: {} });
  const edition = {
    id: 'e',
    paper: null,
    date: null,
    lang: 'zh-CN',
    links: [],
    diagnostics: [],
    pages: [
      { number: 1, section: null, date: null, masthead: null, folio: null, banner: null, teasers: [], credits: [], source: source('a.md'), articles: [article('p1-a1', 5, [7, 9]), article('p1-a2', 12, [14])] },
      { number: 2, section: null, date: null, masthead: null, folio: null, banner: null, teasers: [], credits: [], source: source('b.md'), articles: [] },
    ],
    layout: {
      template: 'broadsheet',
      pages: [
        page(1, [
          { kind: 'masthead', article: null, x: 0, y: 0 },
          { kind: 'article', article: 'p1-a1', x: 10, y: 100 },
          { kind: 'article', article: 'p1-a2', x: 200, y: 100 },
        ]),
        page(2, [{ kind: 'article', article: 'p1-a2', x: 10, y: 10 }]),
      ],
    },
  };
  const diag = (file: string, line: number | null, rule: string, message = 'm', severity: 'error' | 'warning' | 'info' = 'warning') => ({
    file,
    line,
    column: line == null ? null : 3,
    severity,
    rule,
    message,
  });

  test('by line range, by the article and page fields, never by message text', () => {
    const placed = placeProblems(edition as never, [
      diag('a.md', 9, 'kinsoku'),
      diag('a.md', 13, 'orphan'),
      diag('a.md', 2, 'front-matter', 'm', 'error'),
      { ...diag('b.md', null, 'continuation', 'continued on page 2', 'info'), article: 'p1-a2', page: 1 },
      { ...diag('a.md', null, 'underfilled-page', 'is 10.0% filled (target 95%)'), page: 2 },
      diag('b.md', null, 'jump', 'article p1-a2 continued on page 2'),
      diag('c.md', 4, 'empty-document'),
    ]);
    const by = (rule: string) => placed.find((p) => p.rule === rule)!;
    expect(placed[0]!.rule).toBe('front-matter');
    expect(by('front-matter')).toMatchObject({ article: null, page: 1, rects: [{ page: 1, x: 0, y: 0, w: 100, h: 50 }] });
    expect(by('kinsoku')).toMatchObject({ article: 'p1-a1', page: 1, rects: [{ page: 1, x: 10, y: 100 }] });
    expect(by('orphan').article).toBe('p1-a2');
    expect(by('orphan').rects.map((r) => r.page)).toEqual([1, 2]);
    expect(by('continuation').article).toBe('p1-a2');
    expect(by('underfilled-page').rects).toEqual([{ page: 2, x: 0, y: 0, w: 600, h: 800, whole: true }]);
    expect(by('empty-document')).toMatchObject({ article: null, page: null, rects: [] });
    // An article named only in the message text is not guessed from it.
    expect(by('jump')).toMatchObject({ article: null, rects: [] });
  });
});
