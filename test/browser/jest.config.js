// The browser tests: the console in Debian's Chromium, driven by playwright-core, against a real
// lab started in-process. Their own Jest project, run by `npm run test:browser`, never by `npm test`
// (the root config's e2e project matches only *.e2e-spec.ts, so *.browser-spec.ts stays out of it).
/* global require, module, __dirname -- a CommonJS config file, like the root one */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const root = require('../../jest.config.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { join } = require('node:path');

const e2e = root.projects.find((p) => p.displayName === 'e2e');
module.exports = {
  ...e2e,
  displayName: 'browser',
  roots: ['<rootDir>/test/browser'],
  testRegex: '\\.browser-spec\\.ts$',
  // Screenshots a failed test's page before Jest moves on (see the file).
  testEnvironment: join(__dirname, 'support', 'screenshot-on-failure.environment.js'),
  // A lab, a browser and a matrix run on two busy cores.
  testTimeout: 120_000,
};
