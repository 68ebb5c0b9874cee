#!/usr/bin/env node
'use strict';
// `npm start` runs `npm run build` only when one of the build's inputs changed since the last build
// this script made: an unchanged tree starts in about a second instead of waiting for a full build.
// The inputs are fingerprinted by path, size and modification time (adding, editing, deleting or
// checking out any file under them counts); dist/.build-inputs holds the fingerprint of the last
// successful build. `npm run build` itself always builds.

var childProcess = require('child_process');
var crypto = require('crypto');
var fs = require('fs');
var path = require('path');

var ROOT = path.join(__dirname, '..');
/** The fingerprint of the last successful build, and what the built lab must contain, under a root. */
var STAMP = ['dist', '.build-inputs'];
var ENTRIES = [
  ['dist', 'apps', 'lab', 'src', 'main.js'],
  ['dist', 'console', 'index.html'],
];
/** Everything `npm run build` reads: the sources, the build's configuration, the installed modules. */
var INPUTS = [
  'apps',
  'libs',
  'bench',
  'workshop',
  'scripts',
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  '.swcrc',
];

/** One line per file under the inputs (path, size, mtime), sorted, hashed. */
function fingerprint(root) {
  var lines = [];
  function visit(relative) {
    var stat;
    try {
      stat = fs.statSync(path.join(root, relative));
    } catch (error) {
      if (error.code === 'ENOENT') return lines.push(relative + '\tmissing');
      throw error;
    }
    if (!stat.isDirectory()) return lines.push(relative + '\t' + stat.size + '\t' + stat.mtimeMs);
    for (var name of fs.readdirSync(path.join(root, relative))) visit(relative + '/' + name);
  }
  INPUTS.forEach(visit);
  return crypto.createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

/** The inputs' fingerprint now, and whether the build must run (missing output, or a change). */
function buildNeeded(root) {
  var current = fingerprint(root);
  var recorded = null;
  try {
    recorded = fs.readFileSync(path.join.apply(path, [root].concat(STAMP)), 'utf8').trim();
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  return {
    current: current,
    needed:
      recorded !== current ||
      ENTRIES.some(function (entry) {
        return !fs.existsSync(path.join.apply(path, [root].concat(entry)));
      }),
  };
}

function recordBuild(root, current) {
  fs.writeFileSync(path.join.apply(path, [root].concat(STAMP)), current + '\n');
}

if (require.main === module) {
  // Taken before the build: a file edited while it runs makes the next start build again.
  var state = buildNeeded(ROOT);
  if (!state.needed) process.exit(0);
  var npm = process.env.npm_execpath;
  var result = npm
    ? childProcess.spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], {
        cwd: ROOT,
        stdio: 'inherit',
      })
    : childProcess.spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    if (result.error) process.stderr.write('could not run npm run build: ' + result.error.message + '\n');
    process.exit(result.status || 1);
  }
  recordBuild(ROOT, state.current);
}

module.exports = {
  fingerprint: fingerprint,
  buildNeeded: buildNeeded,
  recordBuild: recordBuild,
  INPUTS: INPUTS,
};
