/** Page templates: the schema, loading and checking, and problems reported field by field. */
export { columnWidth, typeArea } from './area.js';
export { layoutsDir, listTemplates, loadTemplate, type LoadedTemplate, type LoadTemplateOptions } from './load.js';
export { findJsonError } from './json-errors.js';
export { TemplateError, type TemplateProblem } from './problems.js';
export type { Template } from './schema.js';
