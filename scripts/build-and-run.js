#!/usr/bin/env node
'use strict';
// What `npm start`, `npm run lab` and the other commands on the built code run, in one Node process
// (each process is a Node start more, about a tenth of a second here):
//   node scripts/build-and-run.js <built entry, e.g. dist/apps/lab/src/main.js> [its arguments]
// The Node preflight first, in JavaScript any Node runs, so a Node too old for the rest gets its
// clear message; then the build of what changed; then the entry, in this process, with its own
// arguments (process.argv as if Node had started it), after the lab's compile cache and vendor
// bundle (apps/lab/src/compile-cache.ts, vendor-bundle.ts), which every entry run this way uses:
// the resolver's commands start in about half the time too.

var path = require('path');

var problem = require('./check-node').check();
if (problem) {
  process.stderr.write(problem + '\n');
  process.exit(1);
}
var entry = process.argv[2];
var root = path.join(__dirname, '..');
require('./build-when-changed')
  .main()
  .then(function (done) {
    // After an install the packages' bundle is made in a process of its own once the lab says it
    // is ready (or the command ends), so that it does not slow this start: the next one uses it.
    if (done.vendorPending) {
      var later = function () {
        process.removeListener('lastseen-lab:ready', later);
        process.removeListener('exit', later);
        require('./build-vendor').buildInBackground(root);
      };
      process.once('lastseen-lab:ready', later);
      process.once('exit', later);
    }
    if (!entry) return;
    require(path.join(root, 'dist', 'apps', 'lab', 'src', 'compile-cache.js'));
    require(path.join(root, 'dist', 'apps', 'lab', 'src', 'vendor-bundle.js'));
    var file = path.resolve(root, entry);
    process.argv.splice(1, 2, file);
    require(file);
  });
