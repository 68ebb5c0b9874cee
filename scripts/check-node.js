#!/usr/bin/env node
'use strict';
// The Node preflight: runs before anything loads better-sqlite3 or Nest (npm start, npm run lab,
// npm run resolver …). On a Node too old for them the lab does not fail with a clear error: loading
// better-sqlite3's native module can kill the process with a bare "Segmentation fault". So this
// file is plain CommonJS that any Node still runs, checks the version, then loads the native
// module in a child process, where a crash is observed instead of suffered.

var childProcess = require('child_process');
var fs = require('fs');
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

/** Where a passed native check is remembered: beside the modules it is about. */
var CHECKED = path.join(ROOT, 'node_modules', '.cache', 'lastseen-lab', 'native-check');

/**
 * What the native check's answer depends on: this Node binary (path, version, ABI, size, mtime) and
 * better-sqlite3's files as installed (its package.json and every native module it ships or built).
 * Any reinstall, rebuild or other Node gives another key.
 */
function nativeKey(root, nodePath, nodeVersion) {
  var lines = [nodePath, nodeVersion, process.versions.modules, process.platform, process.arch];
  function stat(file) {
    try {
      var s = fs.statSync(file);
      lines.push(file + ' ' + s.size + ' ' + s.mtimeMs);
      return s;
    } catch (error) {
      lines.push(file + ' ' + error.code);
      return null;
    }
  }
  stat(nodePath);
  var module = path.join(root, 'node_modules', 'better-sqlite3');
  stat(path.join(module, 'package.json'));
  ['prebuilds', path.join('build', 'Release')].forEach(function (dir) {
    var names = [];
    try {
      names = fs.readdirSync(path.join(module, dir)).sort();
    } catch (error) {
      lines.push(dir + ' ' + error.code);
    }
    names.forEach(function (name) {
      if (/\.node$/.test(name)) stat(path.join(module, dir, name));
    });
  });
  return lines.join('\n');
}

/**
 * The native check, remembered: the child process that loads better-sqlite3 costs a Node start and
 * the module's load (a few tenths of a second on every `npm start`), and its answer cannot change
 * while nothing it depends on does. Only a pass is remembered; a problem is looked for every time.
 */
function checkNative(options) {
  var key = nativeKey(options.root, options.nodePath, options.nodeVersion);
  if (fs.existsSync(options.cacheFile) && fs.readFileSync(options.cacheFile, 'utf8') === key) return null;
  var problem = nativeProblem(options.load(options.nodePath, options.root), options.nodeVersion);
  if (!problem) {
    try {
      fs.mkdirSync(path.dirname(options.cacheFile), { recursive: true });
      fs.writeFileSync(options.cacheFile, key);
    } catch (error) {
      // A read-only node_modules: the check runs again next time.
      if (error.code !== 'EACCES' && error.code !== 'EROFS' && error.code !== 'EPERM') throw error;
    }
  }
  return problem;
}

function check() {
  var required = require(path.join(ROOT, 'package.json')).engines.node;
  var problem = versionProblem(process.version, required);
  if (!problem) {
    problem = checkNative({
      root: ROOT,
      nodePath: process.execPath,
      nodeVersion: process.version,
      cacheFile: CHECKED,
      load: loadNativeModules,
    });
  }
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
  checkNative: checkNative,
  check: check,
};
