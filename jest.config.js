// One Jest run, two projects: unit specs live beside the code, end-to-end specs under test/.
// The alias map mirrors tsconfig.json "paths" (the Nest schematic forgets it for e2e configs).
const aliases = {
  '^@lab/address-plan$': '<rootDir>/libs/address-plan/src',
  '^@lab/directory$': '<rootDir>/apps/directory/src',
  '^@lab/http-kit$': '<rootDir>/libs/http-kit/src',
  '^@lab/isp$': '<rootDir>/apps/isp/src',
  '^@lab/relay$': '<rootDir>/apps/relay/src',
  '^@lab/lab$': '<rootDir>/apps/lab/src',
  '^@lab/peers$': '<rootDir>/apps/peers/src',
  '^@lab/resolver$': '<rootDir>/apps/resolver/src',
  '^@lab/protocol$': '<rootDir>/libs/protocol/src',
  '^@lab/sandbox$': '<rootDir>/libs/sandbox/src',
  '^@lab/logging$': '<rootDir>/libs/logging/src',
  '^@lab/directory-client$': '<rootDir>/libs/directory-client/src',
};
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: aliases,
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs'],
      testRegex: '\\.spec\\.ts$',
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
