#!/usr/bin/env node
'use strict';
// `npm start`'s build: it rebuilds only what changed since the last build this script made, so an
// unchanged tree starts at once and an edit costs the edited files only.
// - Each source under apps/, libs/ and bench/ is known by its size and modification time; an added
//   or changed one is transpiled with swc in this process (scripts/build-sources.js: the same output
//   as `nest build`, without the Nest command line's start), a removed one has its output deleted.
// - A change to the build's configuration or the installed modules rebuilds every source.
// - The web console (apps/lab/console) is bundled again only when one of its own inputs changed.
// - The npm packages the built code requires are bundled into one file for a faster start
//   (scripts/build-vendor.js), again only when the installed modules or that list of packages change.
// dist/.build-inputs records what the last successful build was made from. `npm run build` always
// builds everything with `nest build`. Type checking is `npm run typecheck`'s job, not start's.

var childProcess = require('child_process');
var crypto = require('crypto');
var fs = require('fs');
var path = require('path');
var sources = require('./build-sources');
var vendor = require('./build-vendor');

var ROOT = path.join(__dirname, '..');
var STATE = ['dist', '.build-inputs'];
var STATE_FORMAT = 2;
/** What every compiled file depends on: a change here rebuilds them all. */
var CONFIG_INPUTS = [
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  '.swcrc',
  'scripts/build-sources.js',
  'scripts/build-when-changed.js',
];
/** What the console bundle is made from: its sources, its bundler script, the installed modules. */
var CONSOLE_INPUTS = [
  'apps/lab/console',
  'scripts/build-console.js',
  'package-lock.json',
  'node_modules/.package-lock.json',
];
var CONSOLE_ENTRY = ['dist', 'console', 'index.html'];

/** One line per file under the given paths (path, size, mtime), sorted, hashed. */
function fingerprint(root, inputs) {
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
  inputs.forEach(visit);
  return crypto.createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

function readState(root) {
  try {
    var state = JSON.parse(fs.readFileSync(path.join.apply(path, [root].concat(STATE)), 'utf8'));
    return state && state.format === STATE_FORMAT ? state : null;
  } catch {
    return null; // none yet, or from an older version of this script: build everything
  }
}

/**
 * What must be done to bring dist/ up to date with the tree as it is now: the sources to compile
 * or copy, the sources whose outputs to delete, whether to bundle the console. `state` is what to
 * record once that is done (taken before the build: a file edited while it runs is built next time).
 */
function planBuild(root) {
  var config = sources.buildConfig(root);
  var previous = readState(root);
  var current = sources.listSources(config);
  var state = {
    format: STATE_FORMAT,
    config: fingerprint(root, CONFIG_INPUTS),
    console: fingerprint(root, CONSOLE_INPUTS),
    sources: Object.fromEntries(current),
  };
  var everything = !previous || previous.config !== state.config;
  var compile = [];
  current.forEach(function (version, relative) {
    if (
      everything ||
      previous.sources[relative] !== version ||
      // An output deleted by hand is built again.
      !fs.existsSync(sources.outputsOf(config, relative)[0])
    ) {
      compile.push(relative);
    }
  });
  var remove = previous
    ? Object.keys(previous.sources).filter(function (relative) {
        return !current.has(relative);
      })
    : [];
  var bundleConsole =
    !previous ||
    previous.console !== state.console ||
    !fs.existsSync(path.join.apply(path, [root].concat(CONSOLE_ENTRY)));
  return {
    config: config,
    compile: compile.sort(),
    remove: remove.sort(),
    bundleConsole: bundleConsole,
    state: state,
    needed: compile.length > 0 || remove.length > 0 || bundleConsole,
  };
}

function recordBuild(root, state) {
  fs.mkdirSync(path.join(root, STATE[0]), { recursive: true });
  var file = path.join.apply(path, [root].concat(STATE));
  fs.writeFileSync(file + '.tmp', JSON.stringify(state) + '\n');
  fs.renameSync(file + '.tmp', file);
}

/** Bundles the console in a child process (esbuild), beside the swc work of this one. */
function bundleConsole(root, quiet) {
  return new Promise(function (resolve, reject) {
    var child = childProcess.spawn(process.execPath, [path.join(__dirname, 'build-console.js'), root], {
      cwd: root,
      // Its report goes to stderr: the command after the build may print JSON lines on stdout.
      stdio: ['ignore', quiet ? 'ignore' : 2, 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', function (code, signal) {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            'the console did not build (scripts/build-console.js exited with ' + (signal || code) + ')',
          ),
        );
    });
  });
}

/**
 * Brings dist/ up to date and records it. Resolves with what was done; rejects, recording nothing,
 * when a file does not compile or the console does not build.
 */
async function build(root, options) {
  var quiet = Boolean(options && options.quiet);
  var started = Date.now();
  var plan = planBuild(root);
  var vendorBuilt = 0;
  var vendorPending = false;
  if (plan.needed) {
    var consoleBuilt = plan.bundleConsole ? bundleConsole(root, quiet) : Promise.resolve();
    plan.remove.forEach(function (relative) {
      sources.removeOutputs(plan.config, relative);
    });
    var results = await Promise.allSettled([sources.buildFiles(plan.config, plan.compile), consoleBuilt]);
    var failed = results.filter(function (r) {
      return r.status === 'rejected';
    });
    if (failed.length) {
      throw new Error(
        failed
          .map(function (r) {
            return r.reason.message;
          })
          .join('\n'),
      );
    }
  }
  // The packages the code requires can only change with the code or the installed modules.
  if (plan.needed || !vendor.isCurrent(root)) {
    var packages = vendor.planVendor(root);
    if (packages.needed && options && options.vendorLater) vendorPending = true;
    else if (packages.needed) vendorBuilt = await vendor.buildVendor(root, packages);
  }
  if (plan.needed) recordBuild(root, plan.state);
  return {
    vendorFailed: vendor.failedFor(root),
    compiled: plan.compile,
    removed: plan.remove,
    console: plan.bundleConsole,
    vendorFiles: vendorBuilt,
    vendorPending: vendorPending,
    ms: Date.now() - started,
  };
}

module.exports = {
  fingerprint: fingerprint,
  planBuild: planBuild,
  recordBuild: recordBuild,
  build: build,
  CONFIG_INPUTS: CONFIG_INPUTS,
  CONSOLE_INPUTS: CONSOLE_INPUTS,
  main: main,
};

/**
 * `npm start`'s build (scripts/build-and-run.js): says what it did, or what failed and what to do
 * (and exits). Resolves with what it did once dist/ is up to date.
 */
function main() {
  // The packages' bundle (a few seconds) is left to the caller, which makes it once the lab is
  // ready (scripts/build-and-run.js): made now, it would slow this start more than it speeds it.
  return build(ROOT, { vendorLater: true }).then(
    function (done) {
      if (done.vendorFailed && !done.vendorPending)
        process.stderr.write(
          'build: the npm packages could not be bundled (' +
            (done.vendorFailed.length > 300 ? done.vendorFailed.slice(0, 300) + '…' : done.vendorFailed) +
            '); they load from node_modules, which only makes the start slower. It is recorded in dist/.vendor-failed.json: delete that file to try again.\n',
        );
      if (!done.compiled.length && !done.removed.length && !done.vendorPending) return done;
      var what = [];
      if (done.compiled.length) what.push('compiled ' + done.compiled.length + ' file(s) with swc');
      if (done.removed.length) what.push('removed the output of ' + done.removed.length + ' deleted file(s)');
      if (done.compiled.length || done.removed.length) what[what.length - 1] += ' in ' + done.ms + ' ms';
      if (done.vendorPending)
        what.push('the npm packages are bundled in the background once it runs, for a faster next start');
      process.stderr.write('build: ' + what.join('; ') + '\n');
      return done;
    },
    function (error) {
      process.stderr.write(
        error.message +
          '\nFix the file(s) named above and run npm start again (npm run typecheck shows type errors).\n',
      );
      process.exit(1);
    },
  );
}

if (require.main === module) main();
