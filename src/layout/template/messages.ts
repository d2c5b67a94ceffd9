/**
 * Schema problems in words: each zod issue turned into a message naming the field, the value found and
 * what is allowed, with a guess at misspelt keys.
 */
import { z } from 'zod';
import { Template } from './schema.js';
import type { TemplateProblem } from './problems.js';

export function dedupe(problems: TemplateProblem[]): TemplateProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function formatPath(parts: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

export function valueAt(root: unknown, parts: ReadonlyArray<string | number>): unknown {
  let current: unknown = root;
  for (const part of parts) {
    if (current == null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Unwraps defaults, optionals and refinements down to the schema that describes a value. */
export function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodDefault) current = current._def.innerType;
    else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodEffects) current = current.innerType();
    else return current;
  }
}

export function schemaAt(parts: ReadonlyArray<string | number>): z.ZodTypeAny | null {
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

export function describeNumber(schema: z.ZodNumber, withMax: boolean): string {
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

export function describeSchema(schema: z.ZodTypeAny | null, parts: ReadonlyArray<string | number>, withMax: boolean): string | null {
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

export function objectKeysAt(parts: ReadonlyArray<string | number>): string[] {
  const schema = schemaAt(parts);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, unknown>) : [];
}

/** Edit distance, for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
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

export function closest(word: string, candidates: string[]): string | null {
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
export function describeIssues(issues: z.ZodIssue[], raw: unknown): TemplateProblem[] {
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

export function describeIssue(issue: z.ZodIssue, raw: unknown): TemplateProblem[] {
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
