'use strict';
// Bundles the npm packages the lab's built code requires into one file, dist/.vendor/vendor.js, for
// `npm start` and the lab's command lines: Node then reads and compiles one file instead of about
// 2,200 (Nest and most of its dependencies are ES modules, and every file costs Node a resolution,
// a read, a link and a compile: about two thirds of the lab's module loading). The lab's own code
// stays in its own files (dist/apps, dist/libs), so an edited source still costs that file only;
// this bundle is made again only when the installed modules or the set of packages the lab's code
// names change. `npm start` makes it in the background, at the lowest priority, once the lab is
// ready (the start after an install loads the packages from node_modules, as before; the next one
// uses the bundle). apps/lab/src/vendor-bundle.ts loads it; without it (or stale) Node loads the
// packages from node_modules as usual.
//
// The packages keep their own file names where they read them at run time: each file that uses
// __dirname, __filename or import.meta.url gets its original location (relative to the bundle, so
// the checkout can move), and `createRequire(import.meta.url)` calls are bundled like any require,
// so a package reached that way is the bundled copy, not a second one from node_modules.

var crypto = require('crypto');
var fs = require('fs');
var path = require('path');

var FORMAT = 1;
/** Left to Node: a native addon (loaded by path), and packages only some commands load lazily. */
var EXTERNAL = ['better-sqlite3', 'typescript', 'prettier'];
/**
 * Optional peers of bundled packages that the lab does not install (Nest's microservices and
 * socket.io, Fastify's views and uploads, ws's native helpers): each package loads them only if
 * present, so they stay requires at run time and fail there as they do without the bundle.
 */
var OPTIONAL_PEERS = [
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/platform-socket.io',
  '@fastify/multipart',
  '@fastify/view',
  'bufferutil',
  'utf-8-validate',
];
/** The built code whose requires are listed: what the lab and its command lines run. */
var SCANNED = ['apps', 'libs'];
/** A bare specifier in swc's CommonJS output: require("pkg") or require("@scope/pkg/sub/path"). */
var REQUIRE = /\brequire\("((?:@[a-z0-9_-][a-z0-9._-]*\/)?[a-z0-9_-][a-z0-9._-]*(?:\/[A-Za-z0-9._/-]+)?)"\)/g;
var BUILTIN = new Set(require('module').builtinModules);

/** The bare specifiers the built code requires, sorted: the bundle's table of contents. */
function listSpecifiers(root, dist) {
  var found = new Set();
  function visit(dir) {
    var entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    for (var entry of entries) {
      var full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.js')) {
        var text = fs.readFileSync(full, 'utf8');
        for (var match of text.matchAll(REQUIRE)) {
          var id = match[1];
          var name = id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0];
          if (!BUILTIN.has(name) && EXTERNAL.indexOf(name) < 0) found.add(id);
        }
      }
    }
  }
  SCANNED.forEach(function (folder) {
    visit(path.join(root, dist || 'dist', folder));
  });
  return [...found].sort();
}

/** The installed modules as npm last wrote them: a new `npm ci` or `npm install` changes this. */
function installedModules(root) {
  try {
    var stat = fs.statSync(path.join(root, 'node_modules', '.package-lock.json'));
    return stat.size + '\t' + stat.mtimeMs;
  } catch {
    return 'missing';
  }
}

/** Beside the code it serves: dist/.vendor (or the given build folder's). */
function vendorDir(root, dist) {
  return path.join(path.resolve(root), dist || 'dist', '.vendor');
}

function readManifest(root, dist) {
  try {
    var manifest = JSON.parse(fs.readFileSync(path.join(vendorDir(root, dist), 'manifest.json'), 'utf8'));
    return manifest && manifest.format === FORMAT ? manifest : null;
  } catch {
    return null;
  }
}

/**
 * A bundle that could not be made, recorded beside the build (the background build has no terminal
 * to tell): it is not tried again for the same modules and code, and the packages load from
 * node_modules, as without a bundle.
 */
function failureFile(root, dist) {
  return path.join(path.resolve(root), dist || 'dist', '.vendor-failed.json');
}

function readFailure(root, dist) {
  try {
    var failure = JSON.parse(fs.readFileSync(failureFile(root, dist), 'utf8'));
    return failure && failure.format === FORMAT ? failure : null;
  } catch {
    return null;
  }
}

/** Why the bundle could not be made for the modules installed now, if it could not. */
function failedFor(root, dist) {
  var failure = readFailure(root, dist);
  return failure && failure.installed === installedModules(root) ? failure.error : undefined;
}

/**
 * Whether there is nothing to do for the modules installed now (a cheap check, for a start with
 * nothing to build): the bundle was made for them, or making it failed for them.
 */
function isCurrent(root, dist) {
  var installed = installedModules(root);
  var manifest = readManifest(root, dist);
  if (
    manifest &&
    manifest.installed === installed &&
    fs.existsSync(path.join(vendorDir(root, dist), 'vendor.js'))
  )
    return true;
  return failedFor(root, dist) !== undefined;
}

/** What the bundle is made from; a different key means the bundle is made again. */
function vendorKey(root, specifiers) {
  return crypto
    .createHash('sha256')
    .update(
      [
        FORMAT,
        installedModules(root),
        fs.readFileSync(path.join(__dirname, 'build-vendor.js'), 'utf8'),
        specifiers.join('\n'),
      ].join('\0'),
    )
    .digest('hex');
}

/** Whether the bundle must be made (again): none, another version of this script, new modules or specifiers. */
function planVendor(root, dist) {
  var specifiers = listSpecifiers(root, dist);
  var key = vendorKey(root, specifiers);
  var manifest = readManifest(root, dist);
  var bundle = path.join(vendorDir(root, dist), 'vendor.js');
  var failure = readFailure(root, dist);
  var failed = failure && failure.key === key ? failure.error : undefined;
  return {
    dist: dist || 'dist',
    specifiers: specifiers,
    key: key,
    needed: !failed && (!manifest || manifest.key !== key || !fs.existsSync(bundle)),
    failed: failed,
  };
}

/** The source an esbuild plugin hands over for one package file, with its locations kept. */
function keepLocations(source, file, outDir) {
  var relative = JSON.stringify(path.relative(outDir, file).split(path.sep).join('/'));
  var relativeDir = JSON.stringify(path.relative(outDir, path.dirname(file)).split(path.sep).join('/'));
  var here = '__vendorPath.join(__vendorDir, ' + relative + ')';
  var hereDir = '__vendorPath.join(__vendorDir, ' + relativeDir + ')';
  var text = source
    // `const require = createRequire(import.meta.url)` in an ES module: its requires become the
    // bundle's own (bundled, so one copy of each package), as the other createRequire calls.
    .replace(/\bconst\s+require\s*=\s*(?:\w+\.)?createRequire\(\s*import\.meta\.url\s*\)\s*;?/g, '')
    .replace(/\b(?:\w+\.)?createRequire\(\s*import\.meta\.url\s*\)/g, 'require')
    .replace(/\bimport\.meta\.url\b/g, '__vendorUrl.pathToFileURL(' + here + ').href')
    .replace(/\bimport\.meta\.dirname\b/g, hereDir)
    .replace(/\bimport\.meta\.filename\b/g, here);
  if (/\b__dirname\b|\b__filename\b/.test(text)) {
    // After a file's hashbang and 'use strict', which must stay first to keep their meaning.
    var prologue = /^(?:#![^\n]*\n)?(?:\s*(?:'use strict'|"use strict")\s*;?)?/.exec(text)[0];
    text =
      prologue +
      '\nvar __dirname = ' +
      hereDir +
      ', __filename = ' +
      here +
      ';\n' +
      text.slice(prologue.length);
  }
  return text;
}

/** The packages an esbuild failure could not find, if that is all that failed. */
function unresolved(error) {
  var errors = (error && error.errors) || [];
  var names = errors.map(function (e) {
    var match = /^Could not resolve "([^"]+)"/.exec(e.text);
    return match && match[1];
  });
  return errors.length && names.every(Boolean) ? names : [];
}

/** Makes dist/.vendor/vendor.js and its manifest. Resolves with the number of package files bundled. */
async function buildVendor(root, plan) {
  root = path.resolve(root);
  var esbuild = require('esbuild');
  // Made beside the bundle in use and moved in place at the end: a lab starting meanwhile finds
  // the old bundle whole, or none.
  var finalDir = vendorDir(root, plan.dist);
  var outDir = finalDir + '-' + process.pid;
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  // A function per specifier: a package is evaluated when the lab first requires it, as before.
  var entry = [
    'module.exports = {',
    ...plan.specifiers.map(function (id) {
      return '  ' + JSON.stringify(id) + ': () => require(' + JSON.stringify(id) + '),';
    }),
    '};',
  ].join('\n');
  var locations = {
    name: 'keep-locations',
    setup: function (build) {
      build.onLoad({ filter: /\.(c|m)?js$/ }, function (args) {
        var source = fs.readFileSync(args.path, 'utf8');
        if (!/\b__dirname\b|\b__filename\b|\bimport\.meta\b/.test(source)) return undefined;
        return { contents: keepLocations(source, args.path, outDir), loader: 'js' };
      });
    },
  };
  var options = {
    absWorkingDir: root,
    stdin: { contents: entry, resolveDir: root, sourcefile: 'vendor-entry.js', loader: 'js' },
    outfile: path.join(outDir, 'vendor.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: EXTERNAL.concat(OPTIONAL_PEERS),
    // Nest and class-validator read class and function names (providers, errors, schemas).
    keepNames: true,
    banner: {
      // No 'use strict' here: each package keeps its own mode.
      js: "var __vendorPath = require('path'), __vendorUrl = require('url'), __vendorDir = __dirname;",
    },
    logLevel: 'silent',
    metafile: true,
    plugins: [locations],
  };
  var result;
  try {
    result = await esbuild.build(options).catch(function (error) {
      // Another optional peer a package names but nobody installed (after an upgrade): left to run
      // time as the known ones, where the package copes with its absence as it does unbundled.
      var missing = unresolved(error);
      if (!missing.length) throw error;
      options.external = options.external.concat(missing);
      return esbuild.build(options);
    });
  } catch (error) {
    fs.rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  var files = Object.keys(result.metafile.inputs).length;
  writeManifest(root, plan, outDir, files);
  fs.rmSync(finalDir, { recursive: true, force: true });
  fs.renameSync(outDir, finalDir);
  return files;
}

function writeManifest(root, plan, outDir, files) {
  fs.writeFileSync(
    path.join(outDir, 'manifest.json'),
    JSON.stringify({
      format: FORMAT,
      key: plan.key,
      installed: installedModules(root),
      specifiers: plan.specifiers,
      files: files,
    }) + '\n',
  );
}

/**
 * `npm start` after an install: the lab starts without the bundle, and once it is ready this makes
 * it in a process of its own at the lowest priority, for the next start. One at a time per build
 * folder.
 */
function buildInBackground(root) {
  var child = require('child_process').spawn(
    process.execPath,
    [path.join(__dirname, 'build-vendor.js'), root],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  try {
    require('os').setPriority(child.pid, 19);
  } catch {
    // not allowed here: it runs at the normal priority
  }
  child.unref();
}

/** `node scripts/build-vendor.js [root] [dist folder]`: makes the bundle if it is missing or stale. */
async function main(root, dist) {
  var lock = vendorDir(root, dist) + '.lock';
  try {
    fs.mkdirSync(lock);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    // Another build is under way; one left by a killed build is taken over after ten minutes.
    if (Date.now() - fs.statSync(lock).mtimeMs < 10 * 60_000) return 0;
  }
  try {
    var plan = planVendor(root, dist);
    if (!plan.needed) return 0;
    try {
      var files = await buildVendor(root, plan);
      fs.rmSync(failureFile(root, dist), { force: true });
      return files;
    } catch (error) {
      // Only what esbuild refused to build is recorded (it will refuse again for the same inputs);
      // anything else (a full disk, a killed process) is tried again at the next start.
      if (!(error && error.errors && error.errors.length)) throw error;
      fs.writeFileSync(
        failureFile(root, dist),
        JSON.stringify({
          format: FORMAT,
          key: plan.key,
          installed: installedModules(root),
          // One line, to say at each start: esbuild lists its errors on lines of their own.
          error: String((error && error.message) || error).replace(/\s*\n\s*/g, ' '),
          at: new Date().toISOString(),
        }) + '\n',
      );
      throw error;
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

module.exports = {
  listSpecifiers: listSpecifiers,
  installedModules: installedModules,
  isCurrent: isCurrent,
  failedFor: failedFor,
  planVendor: planVendor,
  buildVendor: buildVendor,
  buildInBackground: buildInBackground,
  main: main,
  keepLocations: keepLocations,
};

if (require.main === module) {
  main(process.argv[2] || path.join(__dirname, '..'), process.argv[3]).catch(function (error) {
    process.stderr.write('the npm packages were not bundled: ' + error.message + '\n');
    process.exit(1);
  });
}
