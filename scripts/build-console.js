// Builds the web console (apps/lab/console) into dist/console: index.html, one minified script and one
// style sheet, with Preact and uPlot bundled in, so the browser fetches nothing from outside the lab.
// Prints what the browser downloads, gzipped, and fails when the script outgrows its budget.
// `node scripts/build-console.js [root]`: another checkout's console (the build step's tests use it).
const { build } = require('esbuild');
const { copyFileSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');
const { gzipSync } = require('node:zlib');

const root = process.argv[2] ? resolve(process.argv[2]) : join(__dirname, '..');
const print = (line) => process.stdout.write(`${line}\n`);
const fail = (line) => process.stderr.write(`${line}\n`);
const source = join(root, 'apps', 'lab', 'console');
const outdir = join(root, 'dist', 'console');
// The console is opened on participants' laptops and a projector: every byte is loaded on each visit.
const SCRIPT_BUDGET_GZIP = 60 * 1024;

async function main() {
  const started = Date.now();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { app: join(source, 'main.tsx') },
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome111', 'firefox114', 'safari16.4'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(source, 'tsconfig.json'),
    legalComments: 'eof',
    logLevel: 'warning',
  });
  copyFileSync(join(source, 'index.html'), join(outdir, 'index.html'));

  const files = ['index.html', 'app.js', 'app.css'].map((name) => {
    const bytes = readFileSync(join(outdir, name));
    return { name, size: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const rows = [
    ['file', 'size', 'gzipped'],
    ...files.map((f) => [f.name, kib(f.size), kib(f.gzip)]),
    ['total', kib(files.reduce((s, f) => s + f.size, 0)), kib(files.reduce((s, f) => s + f.gzip, 0))],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  print(`console built in ${Date.now() - started} ms: ${relative(root, outdir)}/`);
  for (const row of rows) print('  ' + row.map((cell, i) => cell.padEnd(widths[i])).join('  '));

  const script = files.find((f) => f.name === 'app.js');
  if (script.gzip > SCRIPT_BUDGET_GZIP) {
    fail(
      `The console's script is ${kib(script.gzip)} gzipped, over its ${kib(SCRIPT_BUDGET_GZIP)} budget: ` +
        'find what grew with esbuild --analyze, and keep heavy libraries out of apps/lab/console.',
    );
    process.exit(1);
  }
}

main().catch((error) => {
  // esbuild has already printed each error with its file and line.
  fail(`The console did not build: ${error.message.split('\n')[0]}`);
  process.exit(1);
});
