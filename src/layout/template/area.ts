/**
 * The geometry a template sets: the type area and the width of one column.
 */
import { Template } from './schema.js';

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
