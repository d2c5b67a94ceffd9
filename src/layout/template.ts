/**
 * Loading page templates (layouts/*.json): find the file, parse the JSON, validate it against the zod
 * schema in template-schema.ts plus a few checks the schema cannot express (the grid fits the page,
 * style fonts name known font roles, font override files exist), and report every problem as one line
 * naming the file and the field.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isFile, manifestRoles } from './fonts.js';
import { ROLES, Template } from './template-schema.js';

export type { Template } from './template-schema.js';

export interface TemplateProblem {
  /** Dotted path of the field (styles.body.size), or null for problems with the file as a whole. */
  field: string | null;
  message: string;
  /** Where in the file, for JSON syntax errors (1-based). */
  line?: number;
  column?: number;
}

/** A template that cannot be used; the message has one line per problem and no stack trace. */
export class TemplateError extends Error {
  readonly file: string;
  /** The first problem's field, or null when the file itself is the problem. */
  readonly field: string | null;
  readonly problems: TemplateProblem[];

  constructor(file: string, problems: TemplateProblem[], hint: string) {
    const shown = displayPath(file);
    const lines = problems.map((p) => {
      const where = p.line != null ? `${shown}:${p.line}:${p.column ?? 1}` : shown;
      return p.field ? `${where}: ${p.field}: ${p.message}` : `${where}: ${p.message}`;
    });
    if (lines.length > 0 && hint) lines[lines.length - 1] += ` ${hint}`;
    super(lines.join('\n'));
    this.name = 'TemplateError';
    this.file = file;
    this.field = problems[0]?.field ?? null;
    this.problems = problems;
  }
}

export type LoadedTemplate = Template & { file: string; dir: string };

export interface LoadTemplateOptions {
  /** Folder holding the named templates; defaults to the package's layouts/. */
  layoutsDir?: string;
}

const FIX_HINT = 'Fix the field or copy layouts/broadsheet.json as a starting point.';
const SYNTAX_HINT = 'Fix the JSON syntax or copy layouts/broadsheet.json as a starting point.';

const moduleDir = path.dirname(fileURLToPath(import.meta.url));

/** A path relative to the working directory when it lies below it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** The package's layouts/ folder, found by walking up from this module (works from src/ and dist/). */
export function layoutsDir(): string {
  let dir = moduleDir;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'layouts');
    if (existsSync(path.join(candidate, 'broadsheet.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`the layouts/ folder was not found above ${moduleDir}; reinstall the package.`);
}

function templateNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

/** Names of the bundled templates (layouts/*.json without the extension), sorted. */
export function listTemplates(): string[] {
  return templateNames(layoutsDir());
}

/** Width of one column: the type area less the gutters, shared by the columns. */
export function columnWidth(template: Pick<Template, 'page' | 'margins' | 'columns' | 'gutter'>): number {
  const area = typeArea(template);
  return (area.width - (template.columns - 1) * template.gutter) / template.columns;
}

/** The type area (page less margins), in points from the page's top-left corner. */
export function typeArea(template: Pick<Template, 'page' | 'margins'>): {
  x: number;
  y: number;
  width: number;
  height: number;
} {
  const { page, margins } = template;
  return {
    x: margins.left,
    y: margins.top,
    width: page.width - margins.left - margins.right,
    height: page.height - margins.top - margins.bottom,
  };
}

function isName(nameOrFile: string): boolean {
  return !/[\\/]/.test(nameOrFile) && !nameOrFile.toLowerCase().endsWith('.json');
}

/**
 * Loads a template by name (layouts/<name>.json) or by file path, validated. Throws TemplateError for an
 * unknown name, an unreadable file, invalid JSON (with line:column) or any schema problem.
 */
export function loadTemplate(nameOrFile: string, options: LoadTemplateOptions = {}): LoadedTemplate {
  let file: string;
  if (isName(nameOrFile)) {
    const dir = path.resolve(options.layoutsDir ?? layoutsDir());
    file = path.join(dir, `${nameOrFile}.json`);
    if (!existsSync(file)) {
      const known = templateNames(dir);
      throw new TemplateError(
        file,
        [
          {
            field: null,
            message: `unknown template "${nameOrFile}" (available: ${known.join(', ') || 'none'}).`,
          },
        ],
        'Give one of these names or the path of a template .json file.',
      );
    }
  } else {
    file = path.resolve(nameOrFile);
  }

  let text: string;
  try {
    if (statSync(file).isDirectory()) {
      throw new Error('it is a folder, not a file');
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new TemplateError(
      file,
      [{ field: null, message: `cannot read the template: ${reason}.` }],
      'Check the path, or use a bundled template name (broadsheet, tabloid).',
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const found = findJsonError(text) ?? { offset: text.length, message: (error as Error).message.split('\n')[0] ?? '' };
    const { line, column } = lineColumn(text, found.offset);
    throw new TemplateError(file, [{ field: null, line, column, message: `invalid JSON: ${found.message}.` }], SYNTAX_HINT);
  }

  const parsed = Template.safeParse(raw);
  if (!parsed.success) {
    throw new TemplateError(file, dedupe(describeIssues(parsed.error.issues, raw)), FIX_HINT);
  }

  const template = parsed.data;
  const dir = path.dirname(file);
  const problems = checkTemplate(template, dir);
  if (problems.length > 0) throw new TemplateError(file, problems, FIX_HINT);
  return { ...template, file, dir };
}

/** Checks beyond the schema: the grid fits the page, fonts name known roles, override files exist. */
function checkTemplate(template: Template, dir: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const area = typeArea(template);
  if (area.width <= 0) {
    problems.push({
      field: 'margins',
      message: `left and right margins (${template.margins.left} + ${template.margins.right} pt) leave no room on a page ${template.page.width} pt wide.`,
    });
  }
  if (area.height <= 0) {
    problems.push({
      field: 'margins',
      message: `top and bottom margins (${template.margins.top} + ${template.margins.bottom} pt) leave no room on a page ${template.page.height} pt high.`,
    });
  }
  if (area.width > 0) {
    const width = columnWidth(template);
    if (width <= 0) {
      problems.push({
        field: 'columns',
        message: `${template.columns} columns with ${template.gutter} pt gutters do not fit in the ${round(area.width)} pt type area (each column would be ${round(width)} pt wide).`,
      });
    } else if (width < template.styles.body.size) {
      problems.push({
        field: 'columns',
        message: `columns are ${round(width)} pt wide, narrower than one character of body type (${template.styles.body.size} pt).`,
      });
    }
  }

  const overrides = template.fonts ?? {};
  for (const [role, value] of Object.entries(overrides)) {
    const file = path.resolve(dir, value);
    if (!isFile(file)) {
      problems.push({
        field: `fonts.${role}`,
        message: `font file not found: ${JSON.stringify(value)} (looked for ${file}; paths are relative to the template's folder).`,
      });
    }
  }

  let known: string[];
  try {
    known = [...new Set([...manifestRoles(), ...Object.keys(overrides)])];
  } catch {
    known = Object.keys(overrides);
  }
  for (const role of ROLES) {
    const font = template.styles[role].font;
    if (!known.includes(font)) {
      const guess = closest(font, known);
      problems.push({
        field: `styles.${role}.font`,
        message: `unknown font role ${JSON.stringify(font)}${guess ? ` (did you mean "${guess}"?)` : ''}; known roles: ${known.join(', ')}.`,
      });
    }
  }
  return problems;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function dedupe(problems: TemplateProblem[]): TemplateProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function formatPath(parts: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

function valueAt(root: unknown, parts: ReadonlyArray<string | number>): unknown {
  let current: unknown = root;
  for (const part of parts) {
    if (current == null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Unwraps defaults, optionals and refinements down to the schema that describes a value. */
function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodDefault) current = current._def.innerType;
    else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodEffects) current = current.innerType();
    else return current;
  }
}

function schemaAt(parts: ReadonlyArray<string | number>): z.ZodTypeAny | null {
  let current: z.ZodTypeAny = Template;
  for (const part of parts) {
    const schema = unwrap(current);
    if (schema instanceof z.ZodObject) {
      const next = (schema.shape as Record<string, z.ZodTypeAny>)[String(part)];
      if (!next) return null;
      current = next;
    } else if (schema instanceof z.ZodRecord) {
      current = schema.valueSchema as z.ZodTypeAny;
    } else if (schema instanceof z.ZodArray) {
      current = schema.element as z.ZodTypeAny;
    } else {
      return null;
    }
  }
  return unwrap(current);
}

function describeNumber(schema: z.ZodNumber, withMax: boolean): string {
  let min: { value: number; inclusive: boolean } | null = null;
  let max: { value: number; inclusive: boolean } | null = null;
  let int = false;
  for (const check of schema._def.checks) {
    if (check.kind === 'min') min = { value: check.value, inclusive: check.inclusive };
    else if (check.kind === 'max') max = { value: check.value, inclusive: check.inclusive };
    else if (check.kind === 'int') int = true;
  }
  const noun = int ? 'whole number' : 'number';
  if (min && min.value === 0 && !min.inclusive) {
    return `a positive ${noun}${withMax && max ? ` no larger than ${max.value}` : ''}`;
  }
  if (min && max) return `a ${noun} from ${min.value} to ${max.value}`;
  if (min) return min.value === 0 && min.inclusive ? `zero or a positive ${noun}` : `a ${noun} of at least ${min.value}`;
  if (max) return `a ${noun} no larger than ${max.value}`;
  return `a ${noun}`;
}

function describeSchema(schema: z.ZodTypeAny | null, parts: ReadonlyArray<string | number>, withMax: boolean): string | null {
  if (!schema) return null;
  if (schema instanceof z.ZodNumber) return describeNumber(schema, withMax);
  if (schema instanceof z.ZodString) {
    const min = schema._def.checks.find((c) => c.kind === 'min');
    return min && min.value > 0 ? 'a non-empty string' : 'a string';
  }
  if (schema instanceof z.ZodEnum) {
    return `one of ${(schema.options as string[]).map((o) => JSON.stringify(o)).join(', ')}`;
  }
  if (schema instanceof z.ZodRecord) {
    return parts[parts.length - 1] === 'fonts' ? 'an object mapping font roles to font file paths' : 'an object';
  }
  if (schema instanceof z.ZodObject) {
    const keys = Object.keys(schema.shape as Record<string, unknown>);
    return keys.length <= 6 ? `an object with ${keys.join(', ')}` : 'an object';
  }
  return null;
}

function objectKeysAt(parts: ReadonlyArray<string | number>): string[] {
  const schema = schemaAt(parts);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, unknown>) : [];
}

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length] ?? 0;
}

function closest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}

/** One problem per issue, except that many missing fields of one object make a single line. */
function describeIssues(issues: z.ZodIssue[], raw: unknown): TemplateProblem[] {
  const missing = new Map<string, z.ZodIssue[]>();
  for (const issue of issues) {
    if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined' && issue.path.length > 0) {
      const parent = formatPath(issue.path.slice(0, -1));
      missing.set(parent, [...(missing.get(parent) ?? []), issue]);
    }
  }
  const problems: TemplateProblem[] = [];
  const grouped = new Set<string>();
  for (const issue of issues) {
    const parent = formatPath(issue.path.slice(0, -1));
    const siblings = missing.get(parent);
    if (siblings && siblings.length > 3 && siblings.includes(issue)) {
      if (grouped.has(parent)) continue;
      grouped.add(parent);
      const names = siblings.map((s) => String(s.path[s.path.length - 1]));
      const expected = describeSchema(schemaAt(issue.path), issue.path, false);
      problems.push({
        field: parent || null,
        message: `missing ${names.length} fields: ${names.join(', ')}${expected ? ` (each ${expected})` : ''}.`,
      });
      continue;
    }
    problems.push(...describeIssue(issue, raw));
  }
  return problems;
}

function describeIssue(issue: z.ZodIssue, raw: unknown): TemplateProblem[] {
  const parts = issue.path;
  const field = formatPath(parts) || null;
  const got = showValue(valueAt(raw, parts));
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type: {
      const expected = describeSchema(schemaAt(parts), parts, false) ?? issue.expected;
      if (issue.received === 'undefined') return [{ field, message: `missing; expected ${expected}.` }];
      return [{ field, message: `expected ${expected} (got ${got}).` }];
    }
    case z.ZodIssueCode.too_small:
    case z.ZodIssueCode.too_big: {
      const expected = describeSchema(schemaAt(parts), parts, true);
      return [{ field, message: expected ? `expected ${expected} (got ${got}).` : `${issue.message} (got ${got}).` }];
    }
    case z.ZodIssueCode.invalid_enum_value: {
      const options = issue.options.map((o) => JSON.stringify(o)).join(', ');
      return [{ field, message: `expected one of ${options} (got ${got}).` }];
    }
    case z.ZodIssueCode.unrecognized_keys: {
      const allowed = objectKeysAt(parts);
      const inStyles = parts.length === 1 && parts[0] === 'styles';
      return issue.keys.map((key) => {
        const guess = closest(key, allowed);
        const known = inStyles ? `styles has one entry per role: ${allowed.join(', ')}` : `allowed fields: ${allowed.join(', ')}`;
        return {
          field: formatPath([...parts, key]),
          message: `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}; ${known}.`,
        };
      });
    }
    default:
      return [{ field, message: `${issue.message} (got ${got}).` }];
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonStop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Scans JSON text and returns where and why it first goes wrong, or null if it is valid. */
export function findJsonError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const show = (at: number): string => {
    const c = text[at];
    if (c === undefined) return 'the end of the file';
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(at, at + 40));
    return JSON.stringify(word ? word[0] : c);
  };
  const fail: (message: string, at?: number) => never = (message, at = i) => {
    throw new JsonStop(at, message);
  };
  const skipSpace = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const string = (): void => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('unterminated string');
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in a string (needs 4 hex digits)');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          fail(`bad escape \\${e ?? ''} in a string`);
        }
        continue;
      }
      if (text.charCodeAt(i) < 32) fail('control character inside a string (write \\n or \\t instead)');
      i++;
    }
  };
  const numberRe = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === undefined) fail('unexpected end of the file, expected a value');
    if (c === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(`expected a double-quoted field name, found ${show(i)}`);
        string();
        skipSpace();
        if (text[i] !== ':') fail(`expected ":" after the field name, found ${show(i)}`);
        i++;
        value();
        skipSpace();
        if (text[i] === ',') {
          const comma = i;
          i++;
          skipSpace();
          if (text[i] === '}') fail('trailing comma before "}"', comma);
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected "," or "}" after a value, found ${show(i)}`);
      }
    }
    if (c === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (text[i] === ',') {
          const comma = i;
          i++;
          skipSpace();
          if (text[i] === ']') fail('trailing comma before "]"', comma);
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected "," or "]" after a list item, found ${show(i)}`);
      }
    }
    if (c === '"') {
      string();
      return;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      numberRe.lastIndex = i;
      const match = numberRe.exec(text);
      if (!match) fail(`bad number`);
      i += (match as RegExpExecArray)[0].length;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail(`unexpected ${show(i)}, expected a value`);
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail(`unexpected ${show(i)} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (error instanceof JsonStop) return { offset: error.offset, message: error.message };
    throw error;
  }
}
