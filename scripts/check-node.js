#!/usr/bin/env node
'use strict';
// The Node preflight: runs before anything loads better-sqlite3 or Nest (npm start, npm run lab,
// npm run resolver …). On a Node too old for them the lab does not fail with a clear error: loading
// better-sqlite3's native module can kill the process with a bare "Segmentation fault". So this
// file is plain CommonJS that any Node still runs, checks the version, then loads the native
// module in a child process, where a crash is observed instead of suffered.

var childProcess = require('child_process');
var path = require('path');

var ROOT = path.join(__dirname, '..');
var REBUILD = 'npm rebuild better-sqlite3 (or rm -rf node_modules && npm ci)';

/** "v22.12.0" or "22.12.0" → [22, 12, 0]; anything else → null. */
function parseVersion(text) {
  var match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(text).trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

/** The lowest version a `>=x.y.z` range (package.json "engines") accepts. */
function minimumOf(range) {
  var match = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(String(range).trim());
  if (!match) return null;
  var parts = match[1].split('.').map(Number);
  while (parts.length < 3) parts.push(0);
  return parts;
}

function isAtLeast(version, minimum) {
  for (var i = 0; i < 3; i++) {
    if (version[i] !== minimum[i]) return version[i] > minimum[i];
  }
  return true;
}

/** The message for a Node older than the lab needs, or null when it is new enough. */
function versionProblem(nodeVersion, requiredRange) {
  var version = parseVersion(nodeVersion);
  var minimum = minimumOf(requiredRange);
  if (!version || !minimum || isAtLeast(version, minimum)) return null;
  return [
    'lastseen-lab needs Node.js ' +
      minimum.join('.') +
      ' or newer (24 LTS recommended); this is Node ' +
      nodeVersion +
      '.',
    'Install Node 22 or 24 (node --version shows which one runs), then rebuild the native modules for it: ' +
      REBUILD +
      '.',
  ].join('\n');
}

/**
 * What went wrong loading better-sqlite3 in a child process (spawnSync's result), or null when
 * it loaded. A crash (signal) or an ABI mismatch both mean: built for another Node.
 */
function nativeProblem(result, nodeVersion) {
  if (result.status === 0 && !result.signal && !result.error) return null;
  var stderr = String(result.stderr || '');
  var abi = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires NODE_MODULE_VERSION (\d+)/.exec(
    stderr,
  );
  var what;
  if (result.signal) {
    what =
      "better-sqlite3, the lab's database, crashed while loading (" +
      result.signal +
      ') on Node ' +
      nodeVersion +
      ': its native module was built for another Node.';
  } else if (abi) {
    what =
      "better-sqlite3, the lab's database, was built for another Node (NODE_MODULE_VERSION " +
      abi[1] +
      '); this is Node ' +
      nodeVersion +
      ' (NODE_MODULE_VERSION ' +
      abi[2] +
      ').';
  } else if (/Cannot find module 'better-sqlite3'/.test(stderr)) {
    return "better-sqlite3, the lab's database, is not installed: run npm ci first.";
  } else {
    var first = stderr.split('\n').filter(function (line) {
      return /Error/.test(line);
    })[0];
    what =
      "better-sqlite3, the lab's database, cannot be loaded on Node " +
      nodeVersion +
      (first ? ': ' + first.trim() : result.error ? ': ' + result.error.message : '') +
      '.';
  }
  return [
    what,
    'Use the Node the modules were installed with, or rebuild them for this one: ' + REBUILD + '.',
  ].join('\n');
}

/** Loads better-sqlite3 and opens an in-memory database in a child Node: the crash stays there. */
function loadNativeModules(nodePath, cwd) {
  return childProcess.spawnSync(
    nodePath,
    ['-e', "var Database = require('better-sqlite3'); new Database(':memory:').close();"],
    { cwd: cwd, encoding: 'utf8', timeout: 30000 },
  );
}

function check() {
  var required = require(path.join(ROOT, 'package.json')).engines.node;
  var problem = versionProblem(process.version, required);
  if (!problem) problem = nativeProblem(loadNativeModules(process.execPath, ROOT), process.version);
  return problem;
}

if (require.main === module) {
  var problem = check();
  if (problem) {
    process.stderr.write(problem + '\n');
    process.exit(1);
  }
}

module.exports = {
  parseVersion: parseVersion,
  minimumOf: minimumOf,
  versionProblem: versionProblem,
  nativeProblem: nativeProblem,
  loadNativeModules: loadNativeModules,
};
