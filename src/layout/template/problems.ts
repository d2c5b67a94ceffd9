/**
 * Template problems: one per field or file, and the error that shows them one line each
 * (file:line:column: field: message) with a hint on what to do.
 */
import path from 'node:path';

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

/** A path relative to the working directory when it lies below it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
