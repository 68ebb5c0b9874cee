#!/usr/bin/env node
'use strict';
// What `npm start` runs before the lab, in one Node process (each process is a Node start more on
// every `npm start`): the Node preflight first, in JavaScript any Node runs, so a Node too old for
// the rest gets its clear message; then the build of what changed.

var problem = require('./check-node').check();
if (problem) {
  process.stderr.write(problem + '\n');
  process.exit(1);
}
require('./build-when-changed').main();
