// The unit project of jest.config.js on its own: StrykerJS runs one Jest config, not a project
// of a multi-project one. Loaded inside Stryker's sandbox copy, so rootDir points at the mutants.
const { projects } = require('./jest.config.js');

module.exports = projects.find((project) => project.displayName === 'unit');
