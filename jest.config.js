// One Jest run, four projects: unit specs beside the code, end-to-end specs under test/, and the
// resolver's attacks paired with the mitigations that stop them.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

// The @lab/… aliases have one source of truth, tsconfig.json "paths"; the build (nest build) reads
// them from there too.
const { paths } = JSON.parse(readFileSync(join(__dirname, 'tsconfig.json'), 'utf8')).compilerOptions;
const aliases = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target.replace(/^\.\//, '')}`,
  ]),
);

// TypeScript is compiled by swc with the project's .swcrc (the same options as the build).
// Nest 12 ships ES modules only; Jest's CommonJS runtime cannot require them on every Node the
// project supports (native require(esm) in Jest needs Node 24.9+ and --experimental-vm-modules),
// so swc turns those packages into CommonJS too. content-disposition is one, a dependency of
// @fastify/static (Swagger UI on Fastify), which is listed so that its own copy is reached.
const esmOnly = ['@nestjs', '@fastify/static', 'content-disposition'];
const transform = {
  '^.+\\.ts$': ['@swc/jest', { swcrc: true }],
  '^.+\\.m?js$': [
    '@swc/jest',
    {
      swcrc: false,
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2023' },
      module: { type: 'commonjs' },
    },
  ],
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: aliases,
};
module.exports = {
  // End-to-end hooks start whole labs; on a loaded 2-core machine that can outlast Jest's 5 s
  // default. Set here: Jest does not apply a testTimeout given inside a project.
  testTimeout: 20_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs'],
      testRegex: '\\.spec\\.ts$',
      // The web console runs in a browser: npm run test:browser drives it in a real one.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/lab/console/'],
    },
    { ...common, displayName: 'e2e', roots: ['<rootDir>/test'], testRegex: '\\.e2e-spec\\.ts$' },
    // The resolver's attacks, paired: the same code against the vulnerable directory and the mitigations.
    {
      ...common,
      displayName: 'attacks',
      roots: ['<rootDir>/test/attacks'],
      testRegex: '\\.attack-spec\\.ts$',
    },
    {
      ...common,
      displayName: 'mitigations',
      roots: ['<rootDir>/test/mitigations'],
      testRegex: '\\.mitigation-spec\\.ts$',
    },
  ],
};
