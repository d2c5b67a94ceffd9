/**
 * Page templates (layouts/*.json): page size, margins, the column grid, the baseline grid and one style
 * per role. Validated with zod so that a bad template gets an error naming the file and the field.
 */
import { z } from 'zod';

export const Style = z
  .object({
    /** Font role from fonts/manifest.json (or the template's own `fonts`). */
    font: z.string().min(1),
    /** Font size in points. */
    size: z.number().positive().max(400),
    /** Line advance in points; body text uses the template's baseline. */
    leading: z.number().positive().max(600),
    align: z.enum(['justify', 'start', 'center', 'end']).default('justify'),
    /** First-line indent in em. */
    indent: z.number().min(0).max(10).default(0),
    /** Grey level 0 (black) .. 1 (white) for text. */
    gray: z.number().min(0).max(1).default(0),
  })
  .strict();

export const ROLES = [
  'masthead',
  'masthead-meta',
  'ear',
  'banner',
  'banner-sub',
  'teaser',
  'teaser-head',
  'logo',
  'kicker',
  'headline-lead',
  'headline',
  'headline-small',
  'deck',
  'byline',
  'body',
  'subhead',
  'list',
  'callout',
  'quote',
  'caption',
  'credit',
  'jump',
  'folio',
  'page-credit',
] as const;

export type StyleRole = (typeof ROLES)[number];

const styles = z
  .object(Object.fromEntries(ROLES.map((role) => [role, Style])) as Record<StyleRole, typeof Style>)
  .strict();

export const Template = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Page size in points (A2 broadsheet ≈ 1191 × 1684; tabloid A3 ≈ 842 × 1191). */
    page: z.object({ width: z.number().positive(), height: z.number().positive() }).strict(),
    margins: z
      .object({
        top: z.number().min(0),
        right: z.number().min(0),
        bottom: z.number().min(0),
        left: z.number().min(0),
      })
      .strict(),
    columns: z.number().int().min(1).max(20),
    /** Space between columns, in points. */
    gutter: z.number().min(0),
    /** Baseline grid: the body line advance in points; every block occupies whole grid lines. */
    baseline: z.number().positive(),
    /** Optional font files for roles, overriding fonts/manifest.json: role → path relative to the template. */
    fonts: z.record(z.string()).optional(),
    styles,
  })
  .strict();

export type Style = z.infer<typeof Style>;
export type Template = z.infer<typeof Template>;
