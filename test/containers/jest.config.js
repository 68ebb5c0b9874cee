// The container tests: the lab image and the Compose world, against a Docker engine.
// Their own Jest project, run by `npm run test:containers`, never by `npm test` (which needs no Docker).
/* global require, module -- a CommonJS config file, like the root one */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const root = require('../../jest.config.js');

const e2e = root.projects.find((p) => p.displayName === 'e2e');
module.exports = {
  ...e2e,
  displayName: 'containers',
  roots: ['<rootDir>/test/containers'],
  testRegex: '\\.container-spec\\.ts$',
  // Building the image and starting ~30 containers on two busy cores takes minutes.
  testTimeout: 15 * 60_000,
};
