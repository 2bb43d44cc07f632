// Import rules checked by `npm test` (`npx depcruise src`). Tests and test-only helpers are leaves: nothing
// imports them, so they cannot close a module cycle, and they may reach into a folder to test its parts.
const TEST_ONLY = '(\\.test\\.tsx?|/test-helpers\\.ts|/test-server\\.ts)$|/fixtures/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Two modules that import each other (directly or round a loop) cannot be read, tested or loaded alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-between-domains',
      comment:
        'Folders import each other in one direction only. A unit is one domain folder under src/main/core ' +
        '(with its subfolders), or one top-level folder of src (shared, cli, web, sim, renderer, preload, main).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(src/main/core/[^/]+|src/[^/]+)' },
      to: { circular: true, pathNot: '^$1(/|$)' },
    },
    {
      name: 'domain-entry-point',
      comment:
        'A domain folder under src/main/core is used through its index.ts: what it exports there is its public ' +
        'surface, everything else may change without its siblings noticing.',
      severity: 'error',
      // the composition root (files at the top of src/main/core) assembles the domains and may reach into them
      from: { path: '^src/main/core/([^/]+)/', pathNot: TEST_ONLY },
      to: { path: '^src/main/core/[^/]+/', pathNot: '^src/main/core/($1/|[^/]+/index\\.ts$)' },
    },
    {
      name: 'no-composition-root-in-domains',
      comment:
        'Domains do not import the composition root that assembles them (that would make every domain depend on ' +
        'all the others); they take what they need as arguments.',
      severity: 'error',
      // the service is the layer built on the assembled domains, so it may know their assembly
      from: { path: '^src/main/core/[^/]+/', pathNot: `${TEST_ONLY}|^src/main/core/service/` },
      to: { path: '^src/main/core/(compose|context|test-desk)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // the folder-level cycle check looks at what runs: a test may import both sides of a boundary
    exclude: { path: '\\.test\\.tsx?$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
