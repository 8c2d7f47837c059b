/**
 * Layering rules (see DEVELOPERS.md). `npm test` runs `npm run lint:layers`, which fails on any
 * wrong-way import. test/unit/layering.test.ts proves each rule fires on a planted violation.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-imports-nothing-of-ours',
      comment: 'shared/ is plain TypeScript for every process: it may not import the app, renderer, server or tests.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(electron|renderer|server|test|scripts)/' },
    },
    {
      name: 'shared-does-no-io',
      comment: 'shared/ has no I/O: no Node built-ins (fs, net, child_process, …), no electron.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-npm-allow-list',
      comment:
        'shared/ runs in every process, the renderer included: only npm packages that do no I/O. Add one here only after checking it (pure computation, no native code, no fs/net).',
      severity: 'error',
      from: { path: '^shared/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(zod|date-fns|@date-fns/tz|libphonenumber-js|@noble/hashes|fflate|nzh)/',
      },
    },
    {
      name: 'no-cycles',
      comment:
        'No two modules need each other, not even for types only: at run time they would load in an order that depends on who came first, and a type-only cycle is the same tangle one refactor away. A part that needs another declares the narrow interface it uses (see how electron/core/core.ts builds the CoreContext).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'renderer-imports-shared-only',
      comment: 'renderer/ talks to the core only through the typed contract in shared/.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(electron|server|test|scripts)/' },
    },
    {
      name: 'renderer-does-no-node-io',
      comment: 'renderer/ runs sandboxed: no Node built-ins.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'only-the-shell-imports-electron',
      comment: 'Only electron/shell/ may import the electron module; the core runs in plain Node too.',
      severity: 'error',
      from: { pathNot: '^electron/shell/' },
      to: { path: '(^electron$|(^|/)node_modules/electron/)' },
    },
    {
      name: 'core-stays-below-hosts',
      comment: 'electron/core/ is used by the shell, the web host and the CLI; it never imports them.',
      severity: 'error',
      from: { path: '^electron/core/' },
      to: { path: '^(electron/(shell|hosts)|renderer|server)/' },
    },
    {
      name: 'hosts-use-core-not-shell',
      comment: 'The web host and CLI run without Electron.',
      severity: 'error',
      from: { path: '^electron/hosts/' },
      to: { path: '^(electron/shell|renderer)/' },
    },
    {
      name: 'server-is-separate',
      comment: 'server/ (HQ) shares only shared/ with the app.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(electron|renderer)/' },
    },
    {
      name: 'nothing-imports-tests',
      comment: 'Production code never imports test/.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|release)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
