// The unit project of jest.config.js on its own: StrykerJS runs one Jest config, not a project
// of a multi-project one. Loaded inside Stryker's sandbox copy, so rootDir points at the mutants.
const { projects } = require('./jest.config.js');

const unit = projects.find((project) => project.displayName === 'unit');

// For every mutant Jest loads each spec file that imports the mutated file, even when none of its
// tests cover the mutant; loading, not testing, is what a mutant costs (about 0.2 s per directory
// spec). So the mutation run keeps to what it measures:
module.exports = {
  ...unit,
  // - the specs beside the mutated code. The other apps' and libraries' specs import @lab/sandbox
  //   for their own checks, and would be loaded for every sandbox mutant;
  roots: ['<rootDir>/apps/directory/src', '<rootDir>/libs/sandbox/src'],
  // - not the directory's configuration parser, which is not mutated (it imports the mitigations'
  //   ids and the sandbox guard, and so would be loaded for their mutants);
  testPathIgnorePatterns: ['/node_modules/', '/apps/directory/src/config/'],
  moduleNameMapper: {
    ...unit.moduleNameMapper,
    // - of @lab/http-kit, the configuration helpers the directory's options use
    //   (config/directory.config.ts, reached through the specs' test support), without the barrel's
    //   Nest HTTP application (Express, Swagger), which no mutated file uses and which doubles the
    //   cost of loading a directory spec. A missing export fails the initial test run, loudly.
    '^@lab/http-kit$': '<rootDir>/libs/http-kit/src/config.ts',
  },
};
