/**
 * Checks the schema cannot express: the grid fits the page, style fonts name known font roles, font
 * override files exist.
 */
import path from 'node:path';
import { isFile } from '../files.js';
import { manifestRoles } from '../fonts/index.js';
import { ROLES, Template } from './schema.js';
import { columnWidth, typeArea } from './area.js';
import { closest } from './messages.js';
import type { TemplateProblem } from './problems.js';

/** Checks beyond the schema: the grid fits the page, fonts name known roles, override files exist. */
export function checkTemplate(template: Template, dir: string): TemplateProblem[] {
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

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
