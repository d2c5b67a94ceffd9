import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestRoles } from '../src/layout/fonts/index.js';
import {
  columnWidth,
  findJsonError,
  layoutsDir,
  listTemplates,
  loadTemplate,
  TemplateError,
  typeArea,
} from '../src/layout/template/index.js';
import { ROLES } from '../src/layout/template/schema.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'epaper-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function broadsheetJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(layoutsDir(), 'broadsheet.json'), 'utf8')) as Record<string, unknown>;
}

function writeTemplate(name: string, content: string | object): string {
  const file = path.join(scratch, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function templateError(file: string): TemplateError {
  try {
    loadTemplate(file);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without an error`);
}

describe('bundled templates', () => {
  it('lists broadsheet and tabloid', () => {
    expect(listTemplates()).toEqual(expect.arrayContaining(['broadsheet', 'tabloid']));
  });

  it.each([
    ['broadsheet', 1191, 1684, 8],
    ['tabloid', 842, 1191, 5],
  ])('%s: page %d × %d pt with %d columns', (name, width, height, columns) => {
    const template = loadTemplate(name);
    expect(template.name).toBe(name);
    expect(template.file).toBe(path.join(layoutsDir(), `${name}.json`));
    expect(template.dir).toBe(layoutsDir());
    expect(template.page).toEqual({ width, height });
    expect(template.columns).toBe(columns);

    const { margins, gutter } = template;
    const expected = (width - margins.left - margins.right - (columns - 1) * gutter) / columns;
    const computed = columnWidth(template);
    expect(computed).toBeGreaterThan(0);
    expect(computed).toBeCloseTo(expected, 9);
    // Whole characters of body type fit a column, and whole baselines fill the type area.
    expect(Number.isInteger(computed / template.styles.body.size)).toBe(true);
    expect(Number.isInteger(typeArea(template).height / template.baseline)).toBe(true);
  });

  it.each(['broadsheet', 'tabloid'])('%s: a style for every role, body 9–10 pt serif on a 1.5–1.7× baseline', (name) => {
    const template = loadTemplate(name);
    expect(Object.keys(template.styles).sort()).toEqual([...ROLES].sort());
    const body = template.styles.body;
    expect(body.font).toBe('serif');
    expect(body.size).toBeGreaterThanOrEqual(9);
    expect(body.size).toBeLessThanOrEqual(10);
    expect(body.leading).toBe(template.baseline);
    expect(template.baseline / body.size).toBeGreaterThanOrEqual(1.5);
    expect(template.baseline / body.size).toBeLessThanOrEqual(1.7);

    const sizes = Object.entries(template.styles).filter(([role]) => role !== 'masthead');
    const largest = Math.max(...sizes.map(([, style]) => style.size));
    expect(template.styles['headline-lead'].size).toBe(largest);
    expect(template.styles.masthead.size).toBeGreaterThan(largest);
    expect(template.styles.headline.size).toBeGreaterThan(template.styles['headline-small'].size);
    expect(template.styles.byline.font.startsWith('sans')).toBe(true);
    expect(template.styles.caption.font.startsWith('sans')).toBe(true);
    expect(template.styles.caption.size).toBeLessThan(body.size);

    const roles = manifestRoles();
    for (const [role, style] of Object.entries(template.styles)) {
      expect(roles, `${name} styles.${role}.font`).toContain(style.font);
      expect(style.leading, `${name} styles.${role}.leading`).toBeGreaterThanOrEqual(style.size);
    }
  });

  it('loads a template from a file path as well as by name', () => {
    const byPath = loadTemplate(path.join(layoutsDir(), 'tabloid.json'));
    expect(byPath).toEqual(loadTemplate('tabloid'));
  });
});

describe('template errors', () => {
  it('names line and column of a JSON syntax error', () => {
    const file = writeTemplate('trailing-comma.json', '{\n  "name": "x",\n  "page": { "width": 1, },\n}\n');
    const error = templateError(file);
    expect(error.file).toBe(file);
    expect(error.field).toBeNull();
    expect(error.message).toContain('trailing-comma.json:3:23: invalid JSON: trailing comma before "}"');
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('names line and column where JSON.parse gives no position', () => {
    const error = templateError(writeTemplate('bare-word.json', '{\n  "name": tru\n}\n'));
    expect(error.message).toMatch(/bare-word\.json:2:11: invalid JSON: unexpected "tru"/);
    expect(findJsonError('{"a": [1, 2]}')).toBeNull();
    expect(findJsonError('{"a": 1')).toEqual({ offset: 7, message: 'expected "," or "}" after a value, found the end of the file' });
  });

  it('names the field path of a value of the wrong type', () => {
    const data = broadsheetJson() as { styles: { body: { size: unknown } } };
    data.styles.body.size = '9pt';
    const file = writeTemplate('wrong-type.json', data);
    const error = templateError(file);
    expect(error.field).toBe('styles.body.size');
    expect(error.message).toBe(
      `${path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file)}: styles.body.size: expected a positive number (got "9pt"). Fix the field or copy layouts/broadsheet.json as a starting point.`,
    );
  });

  it('rejects an unknown extra field and suggests the near miss', () => {
    const data = broadsheetJson() as Record<string, unknown> & { styles: { body: Record<string, unknown> } };
    data.colour = 'red';
    data.styles.body.grey = 0.2;
    const error = templateError(writeTemplate('extra-field.json', data));
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/extra-field\.json: colour: unknown field; allowed fields: name, description, page/),
        expect.stringMatching(/extra-field\.json: styles\.body\.grey: unknown field \(did you mean "gray"\?\)/),
      ]),
    );
    expect(error.problems.map((p) => p.field).sort()).toEqual(['colour', 'styles.body.grey']);
  });

  it('reports one line per problem, including checks beyond the schema', () => {
    const data = broadsheetJson() as Record<string, unknown> & {
      styles: Record<string, Record<string, unknown>>;
    };
    data.columns = 0;
    data.styles.headline = { ...data.styles.headline, align: 'left' };
    const schemaError = templateError(writeTemplate('several.json', data));
    expect(schemaError.message.split('\n')).toEqual([
      expect.stringMatching(/several\.json: columns: expected a whole number from 1 to 20 \(got 0\)\.$/),
      expect.stringMatching(/several\.json: styles\.headline\.align: expected one of "justify", "start", "center", "end" \(got "left"\)\. Fix/),
    ]);

    const grid = broadsheetJson() as Record<string, unknown> & { styles: Record<string, Record<string, unknown>> };
    grid.gutter = 200;
    grid.styles.kicker = { ...grid.styles.kicker, font: 'serf-bold' };
    grid.fonts = { serif: 'fonts/missing.ttf' };
    const checkError = templateError(writeTemplate('grid.json', grid));
    expect(checkError.problems.map((p) => p.field)).toEqual(['columns', 'fonts.serif', 'styles.kicker.font']);
    expect(checkError.message).toContain('8 columns with 200 pt gutters do not fit');
    expect(checkError.message).toContain(path.join(scratch, 'fonts', 'missing.ttf'));
    expect(checkError.message).toContain('unknown font role "serf-bold" (did you mean "serif-bold"?)');
  });

  it('explains an unknown template name and an unreadable file', () => {
    expect(() => loadTemplate('compact')).toThrowError(/unknown template "compact" \(available: broadsheet, tabloid/);
    const missing = templateError(path.join(scratch, 'nope.json'));
    expect(missing.message).toMatch(/nope\.json: cannot read the template: file not found\./);
  });
});
