#!/usr/bin/env node
'use strict';
// What `npm start`, `npm run lab` and the other commands on the built code run, in one Node process
// (each process is a Node start more, about a tenth of a second here):
//   node scripts/build-and-run.js <built entry, e.g. dist/apps/lab/src/main.js> [its arguments]
// The Node preflight first, in JavaScript any Node runs, so a Node too old for the rest gets its
// clear message; then the build of what changed; then the entry, in this process, with its own
// arguments (process.argv as if Node had started it).

var path = require('path');

var problem = require('./check-node').check();
if (problem) {
  process.stderr.write(problem + '\n');
  process.exit(1);
}
var entry = process.argv[2];
require('./build-when-changed')
  .main()
  .then(function () {
    if (!entry) return;
    var file = path.resolve(path.join(__dirname, '..'), entry);
    process.argv.splice(1, 2, file);
    require(file);
  });
