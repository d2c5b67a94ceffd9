/**
 * The import rules of src/ (run by test/dependencies.test.ts, part of `npm test`). Data flows one way:
 *
 *   model ← parse, layout ← render ← pipeline ← cli, server;  viewer (browser code) on its own
 *
 * No import cycles; no module imports one further down the flow; nothing imports src/cli; the browser
 * code in src/viewer imports only src/viewer, src/shared and types of src/model; src/server reads only
 * the types of src/viewer/protocol.ts; src/shared (pure code run in Node and in the browser) imports
 * nothing of src.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'An import cycle: split the shared part into its own module.', from: {}, to: { circular: true } },
    {
      name: 'model-is-the-bottom',
      severity: 'error',
      comment: 'src/model is the page model every stage reads; it imports no stage.',
      from: { path: '^src/model/' },
      to: { path: '^src/(parse|layout|render|pipeline|cli|server|viewer)/' },
    },
    {
      name: 'parse-before-layout',
      severity: 'error',
      comment: 'The parser reads documents into the model; it knows nothing of pages on paper or outputs.',
      from: { path: '^src/parse/' },
      to: { path: '^src/(layout|render|pipeline|cli|server|viewer)/' },
    },
    {
      name: 'layout-before-render',
      severity: 'error',
      comment: 'Layout makes frames; it never draws, and knows nothing of the pipeline or the front ends.',
      from: { path: '^src/layout/' },
      to: { path: '^src/(parse|render|pipeline|cli|server|viewer)/' },
    },
    {
      name: 'render-before-pipeline',
      severity: 'error',
      comment: 'Renderers turn frames into outputs; files, processes and servers are further up.',
      from: { path: '^src/render/' },
      to: { path: '^src/(parse|pipeline|cli|server|viewer)/' },
    },
    {
      name: 'pipeline-below-front-ends',
      severity: 'error',
      comment: 'src/pipeline is shared by the command line and the servers; it imports neither.',
      from: { path: '^src/pipeline/' },
      to: { path: '^src/(cli|server|viewer)/' },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'src/shared holds small pure code that Node and browser code both run; it imports nothing of src.',
      from: { path: '^src/shared/' },
      to: { path: '^src/(model|parse|layout|render|pipeline|cli|server|viewer)/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'src/cli is the top: move what others need into src/pipeline.',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'viewer-stands-alone',
      severity: 'error',
      comment: 'Browser code imports only browser code (and the types of the model).',
      from: { path: '^src/viewer/' },
      to: { path: '^src/(parse|layout|render|pipeline|cli|server)/' },
    },
    {
      name: 'viewer-reads-model-types-only',
      severity: 'error',
      comment: 'The browser has no model code; import its types with `import type`.',
      from: { path: '^src/viewer/' },
      to: { path: '^src/model/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-reads-protocol-types-only',
      severity: 'error',
      comment: 'The server shares only the types of src/viewer/protocol.ts with the browser code.',
      from: { path: '^src/server/' },
      to: { path: '^src/viewer/', pathNot: '^src/viewer/protocol\\.ts$' },
    },
    {
      name: 'protocol-is-types',
      severity: 'error',
      comment: 'src/viewer/protocol.ts holds types only: import them with `import type`.',
      from: { pathNot: '^src/viewer/' },
      to: { path: '^src/viewer/protocol\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
