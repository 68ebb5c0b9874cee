// The sandbox library's mutants, judged by the sandbox's own unit specs (stryker.sandbox.config.json).
// Every directory spec imports @lab/sandbox through its services, so in the directory's run Jest
// would load them all for each sandbox mutant; the guard's behaviour is specified beside it.
const base = require('./stryker.jest.config.js');

module.exports = { ...base, roots: ['<rootDir>/libs/sandbox/src'] };
