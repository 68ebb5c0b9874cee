'use strict';
// Transpiles the lab's TypeScript with swc in this process, file by file, into the layout `nest build`
// gives (nest-cli.json: the swc builder over apps/, libs/ and bench/, non-TypeScript files copied):
// the same options, so the same bytes. `npm start` uses it to rebuild only the files that changed,
// without the Nest command line's own start (scripts/build-when-changed.js). swc compiles each file
// on its own, so a file's output depends only on that file and the configuration read here.
// test/build/build-when-changed.e2e-spec.ts compares its output with `nest build`'s, byte for byte.

var fs = require('fs');
var path = require('path');

/** The files swc compiles (nest build's default `extensions`); any other file is copied as it is. */
var COMPILED = ['.js', '.ts'];

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      'cannot read ' + file + ' (' + error.message + '): fix it, or build with `npm run build` (nest build).',
      { cause: error },
    );
  }
}

/** A tsconfig's compilerOptions with its `extends` chain applied, and where its `paths` are relative to. */
function readTsconfig(file) {
  var config = readJson(file);
  var base = { options: {}, pathsBase: undefined, exclude: undefined };
  if (config.extends) base = readTsconfig(path.resolve(path.dirname(file), config.extends));
  var own = config.compilerOptions || {};
  var options = Object.assign({}, base.options, own);
  // Relative paths in a tsconfig are relative to the file that declares them.
  if (own.outDir) options.outDir = path.resolve(path.dirname(file), own.outDir);
  return {
    options: options,
    pathsBase: own.paths ? path.dirname(file) : base.pathsBase,
    exclude: config.exclude || base.exclude || [],
  };
}

/** Nest's deep merge of its swc defaults with .swcrc (lib/compiler/swc/swc-compiler.js). */
function deepMerge(target, source) {
  if (typeof target !== 'object' || target === null || typeof source !== 'object' || source === null) {
    return source;
  }
  if (Array.isArray(target) && Array.isArray(source)) {
    return source.reduce(function (merged, value, index) {
      merged[index] = deepMerge(target[index], value);
      return merged;
    }, target);
  }
  var merged = Object.assign({}, target);
  for (var key in source) {
    if (Object.prototype.hasOwnProperty.call(source, key)) {
      merged[key] = key in target ? deepMerge(target[key], source[key]) : source[key];
    }
  }
  return merged;
}

/**
 * What `nest build` would do, read from the same files: which folders it compiles, what it leaves
 * out (tsconfig.build.json's `exclude`), where it writes, and the swc options (its defaults for a
 * CommonJS project, then .swcrc over them).
 */
function buildConfig(root, outDir) {
  var nest = readJson(path.join(root, 'nest-cli.json'));
  var compilerOptions = nest.compilerOptions || {};
  var builder = compilerOptions.builder || {};
  var builderOptions = builder.options || {};
  if (builder.type !== 'swc' || compilerOptions.webpack || compilerOptions.typeCheck) {
    throw new Error(
      'nest-cli.json no longer builds with swc alone (no webpack, no typeCheck): ' +
        'scripts/build-sources.js mirrors only that builder; run `npm run build`.',
    );
  }
  var tsconfig = readTsconfig(path.join(root, compilerOptions.tsConfigPath || 'tsconfig.build.json'));
  var ts = tsconfig.options;
  var defaults = {
    sourceMaps: ts.sourceMap || (ts.inlineSourceMap && 'inline'),
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2021',
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: ts.baseUrl ? path.resolve(root, ts.baseUrl) : ts.paths ? tsconfig.pathsBase : undefined,
      paths: ts.paths,
    },
    minify: false,
    swcrc: true,
  };
  var swcrc = readJson(path.join(root, builderOptions.swcrcPath || '.swcrc'));
  return {
    root: root,
    outDir: outDir || ts.outDir || path.join(root, 'dist'),
    folders: builderOptions.filenames || ['src'],
    copyFiles: Boolean(builderOptions.copyFiles),
    exclude: tsconfig.exclude.map(globToRegExp),
    swcOptions: deepMerge(defaults, swcrc),
  };
}

/** A tsconfig `exclude` pattern as a test of a root-relative path (the path itself or a folder above it). */
function globToRegExp(pattern) {
  var source = pattern
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .split(/(\*\*\/|\*\*|\*|\?)/)
    .map(function (part) {
      if (part === '**/') return '(?:[^/]*/)*';
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      if (part === '?') return '[^/]';
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp('^' + source + '(?:/|$)');
}

/**
 * Every file the build reads, root-relative with forward slashes, with what identifies its version
 * (size and modification time): dotfiles and excluded paths left out, as `nest build` does.
 */
function listSources(config) {
  var files = new Map();
  function visit(relative) {
    if (config.exclude.some((pattern) => pattern.test(relative))) return;
    var full = path.join(config.root, relative);
    var stat;
    try {
      stat = fs.statSync(full);
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    if (stat.isDirectory()) {
      for (var name of fs.readdirSync(full)) if (name[0] !== '.') visit(relative + '/' + name);
    } else if (COMPILED.indexOf(path.extname(relative)) >= 0 || config.copyFiles) {
      files.set(relative, stat.size + ':' + stat.mtimeMs);
    }
  }
  config.folders.forEach(function (folder) {
    visit(folder.replace(/^\.\//, '').replace(/\/+$/, ''));
  });
  return files;
}

/** The files a source becomes under the output folder: `x.ts` → `x.js` and `x.js.map`, anything else a copy. */
function outputsOf(config, relative) {
  if (COMPILED.indexOf(path.extname(relative)) < 0) return [path.join(config.outDir, relative)];
  var js = path.join(config.outDir, relative.replace(/\.\w*$/, '.js'));
  return config.swcOptions.sourceMaps && config.swcOptions.sourceMaps !== 'inline' ? [js, js + '.map'] : [js];
}

/** Compiles (or copies) one source; what @swc/cli's dir mode does for it, with the same options. */
async function buildFile(config, relative, swc) {
  var source = path.join(config.root, relative);
  var outputs = outputsOf(config, relative);
  fs.mkdirSync(path.dirname(outputs[0]), { recursive: true });
  if (COMPILED.indexOf(path.extname(relative)) < 0) {
    fs.copyFileSync(source, outputs[0]);
    return;
  }
  var dest = outputs[0];
  var options = Object.assign({}, config.swcOptions, {
    sourceFileName: path.relative(path.dirname(dest), source).split(path.sep).join('/'),
    outputPath: dest,
  });
  var result;
  try {
    result = await swc.transformFile(source, options);
  } catch (error) {
    if (String(error.message).includes('ignored by .swcrc')) return;
    throw Object.assign(new Error(relative + ': ' + error.message), { file: relative });
  }
  var code = result.code;
  if (result.map) {
    // As @swc/cli does: swc names the source by its absolute path (swc-project/swc#1388).
    var map = JSON.parse(result.map);
    map.sources[0] = options.sourceFileName;
    if (options.sourceRoot) map.sourceRoot = options.sourceRoot;
    if (options.sourceMaps !== 'inline') {
      code += '\n//# sourceMappingURL=' + path.basename(dest) + '.map';
      fs.writeFileSync(dest + '.map', JSON.stringify(map));
    }
  }
  fs.writeFileSync(dest, code);
}

/** Builds the given sources, a few at a time (swc's native calls run on its own threads). */
async function buildFiles(config, relatives) {
  if (!relatives.length) return;
  var swc = require('@swc/core');
  var queue = relatives.slice();
  var failures = [];
  async function worker() {
    while (queue.length) {
      var next = queue.shift();
      try {
        await buildFile(config, next, swc);
      } catch (error) {
        failures.push(error);
      }
    }
  }
  var workers = [];
  for (var i = 0; i < Math.min(8, relatives.length); i++) workers.push(worker());
  await Promise.all(workers);
  if (failures.length) {
    var error = new Error(
      'swc could not compile ' +
        failures.length +
        ' file(s):\n' +
        failures
          .map(function (f) {
            return '  ' + f.message.split('\n').join('\n  ');
          })
          .join('\n'),
    );
    error.failures = failures;
    throw error;
  }
}

/** Deletes what a removed source had become, and the folders that leaves empty (up to the output folder). */
function removeOutputs(config, relative) {
  outputsOf(config, relative).forEach(function (output) {
    fs.rmSync(output, { force: true });
    for (var dir = path.dirname(output); dir.startsWith(config.outDir + path.sep); dir = path.dirname(dir)) {
      try {
        fs.rmdirSync(dir);
      } catch {
        break; // not empty (or already gone): the folders above are not empty either
      }
    }
  });
}

module.exports = {
  buildConfig: buildConfig,
  listSources: listSources,
  outputsOf: outputsOf,
  buildFiles: buildFiles,
  removeOutputs: removeOutputs,
};

if (require.main === module) {
  // `node scripts/build-sources.js [outDir]`: every source, as `nest build` compiles them.
  var root = path.join(__dirname, '..');
  var config = buildConfig(root, process.argv[2] && path.resolve(process.argv[2]));
  buildFiles(config, Array.from(listSources(config).keys())).catch(function (error) {
    process.stderr.write(error.message + '\n');
    process.exit(1);
  });
}
