/**
 * Loading page templates (layouts/*.json) by name or path: find the file, parse the JSON, validate it,
 * and report every problem as one line naming the file and the field.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderAbove } from '../files.js';
import { Template } from './schema.js';
import { checkTemplate } from './check.js';
import { findJsonError, lineColumn } from './json-errors.js';
import { dedupe, describeIssues } from './messages.js';
import { TemplateError } from './problems.js';

export type LoadedTemplate = Template & { file: string; dir: string };

export interface LoadTemplateOptions {
  /** Folder holding the named templates; defaults to the package's layouts/. */
  layoutsDir?: string;
}

export const FIX_HINT = 'Fix the field or copy layouts/broadsheet.json as a starting point.';

export const SYNTAX_HINT = 'Fix the JSON syntax or copy layouts/broadsheet.json as a starting point.';

const moduleDir = path.dirname(fileURLToPath(import.meta.url));

/** The package's layouts/ folder, found by walking up from this module (works from src/ and dist/). */
export function layoutsDir(): string {
  const found = folderAbove(moduleDir, 'layouts', 'broadsheet.json');
  if (found) return found;
  throw new Error(`the layouts/ folder was not found above ${moduleDir}; reinstall the package.`);
}

export function templateNames(dir: string): string[] {
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

export function isName(nameOrFile: string): boolean {
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
