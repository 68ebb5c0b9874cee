import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, nestBuild } from '../support/nest-build';

// npm start's vendor bundle (scripts/build-vendor.js, loaded by apps/lab/src/vendor-bundle.ts): the
// npm packages the lab requires come from one file instead of node_modules. It must change how fast
// the lab loads and nothing else: the same lab, built once, is started with the bundle and with
// LAB_VENDOR_BUNDLE=0, and both answer the same requests alike. The count of package files Node
// loaded from node_modules shows which of the two really used the bundle.
/* eslint-disable @typescript-eslint/no-require-imports */
const vendor = require(join(ROOT, 'scripts', 'build-vendor.js')) as {
  planVendor(root: string, dist?: string): { needed: boolean; specifiers: string[] };
  keepLocations(source: string, file: string, outDir: string): string;
};
/* eslint-enable @typescript-eslint/no-require-imports */

jest.setTimeout(60_000);

interface RunningLab {
  child: ChildProcess;
  output: () => string;
  urls: Record<string, string>;
}

let work: string;
let out: string;

/** Prints, as the process exits, the files Node loaded from node_modules. */
const COUNTER = `process.on('exit', () => {
  const files = Object.keys(require.cache).filter((f) => f.includes('/node_modules/'));
  process.stderr.write('\\nloaded from node_modules: ' + JSON.stringify(files) + '\\n');
});`;

/** Timestamps and request ids differ from run to run; everything else a client sees must not. */
function comparable(value: unknown): unknown {
  if (typeof value === 'string') return /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value) ? '<time>' : value;
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'requestId')
        .map(([key, v]) => [key, comparable(v)]),
    );
  }
  return value;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lastseen-vendor-'));
  out = await nestBuild('lab', work);
  // The layout of a checkout: the build's node_modules check looks beside the build folder.
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
  writeFileSync(join(work, 'count-files.js'), COUNTER);
  // The console's bundle is not part of nest build: a page of its own stands in, where the lab serves it.
  // (defaultConsoleDir: a build folder not named dist/ looks in its own dist/console.)
  mkdirSync(join(out, 'dist', 'console'), { recursive: true });
  writeFileSync(
    join(out, 'dist', 'console', 'index.html'),
    '<!doctype html><title>lastseen-lab console</title>\n',
  );
  expect(vendor.planVendor(work, 'out').needed).toBe(true);
  // As npm start's background build runs it: its own process, the bundle moved in place at the end.
  const made = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-vendor.js'), work, 'out'], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(made.stderr).toBe('');
  expect(made.status).toBe(0);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function startLab(env: Record<string, string>): Promise<RunningLab> {
  const ports = ['LAB_PORT', 'LAB_VULNERABLE_PORT', 'LAB_FIXED_PORT', 'LAB_ISP_PORT', 'LAB_RELAY_PORT'];
  const child = spawn(
    process.execPath,
    ['--require', join(work, 'count-files.js'), join(out, 'apps', 'lab', 'src', 'main.js')],
    {
      env: {
        ...process.env,
        ...Object.fromEntries([...ports, 'LAB_ISP_FIXED_PORT'].map((p) => [p, '0'])),
        LAB_DATA_DIR: mkdtempSync(join(work, 'data-')),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab did not start:\n${text}`)), 45_000);
    const poll = setInterval(() => {
      if (!text.includes('lastseen-lab is running')) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve();
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`the lab exited with ${code}:\n${text}`));
    });
  });
  child.removeAllListeners('exit');
  const urls = Object.fromEntries(
    [...text.matchAll(/^(\S+)[^\n]*?(http:\/\/127\.0\.0\.1:\d+)/gm)].map((m) => [m[1], m[2]]),
  );
  return { child, output: () => text, urls };
}

async function stopLab(lab: RunningLab): Promise<string> {
  const exited = new Promise((resolve) => lab.child.once('exit', resolve));
  lab.child.kill('SIGTERM');
  await exited;
  return lab.output();
}

/** What a client sees of each request, request ids aside (they differ on every request). */
async function observe(lab: RunningLab) {
  const api = lab.urls.lab;
  const vulnerable = lab.urls['directory-vulnerable'];
  const fixed = lab.urls['directory-fixed'];
  const seen: Record<string, unknown> = {};
  const call = async (name: string, url: string, init?: RequestInit) => {
    const response = await fetch(url, init);
    const body = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(body) as unknown;
    } catch {
      json = undefined;
    }
    if (json && typeof json === 'object' && 'requestId' in json)
      delete (json as { requestId?: string }).requestId;
    seen[name] = {
      status: response.status,
      type: response.headers.get('content-type'),
      body: json === undefined ? `${body.length} bytes` : comparable(json),
    };
    return json as Record<string, unknown> | undefined;
  };
  const post = (body: unknown, token?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  // class-validator's rules on the lab's DTOs: one copy of the package, or no rule would apply.
  await call('bad sign-up', `${vulnerable}/accounts`, post({ username: 'X', password: 1 }));
  await call('sign-up', `${vulnerable}/accounts`, post({ username: 'mallet', password: 'mallet-pass-1' }));
  const session = await call(
    'login',
    `${vulnerable}/sessions`,
    post({ username: 'mallet', password: 'mallet-pass-1' }),
  );
  const token = String(session?.token);
  if (session) seen.login = { ...(seen.login as object), body: Object.keys(session).sort() };
  const profile = await fetch(`${vulnerable}/users/alice`, { headers: { authorization: `Bearer ${token}` } });
  seen['lookup (vulnerable)'] = {
    status: profile.status,
    fields: Object.keys((await profile.json()) as object).sort(),
  };
  await call('sign-up (fixed)', `${fixed}/accounts`, post({ username: 'mallet', password: 'mallet-pass-1' }));
  const fixedSession = await call(
    'login (fixed)',
    `${fixed}/sessions`,
    post({ username: 'mallet', password: 'mallet-pass-1' }),
  );
  if (fixedSession) seen['login (fixed)'] = { ...(seen['login (fixed)'] as object), body: 'token' };
  await call('lookup (fixed)', `${fixed}/users/alice`, {
    headers: { authorization: `Bearer ${String(fixedSession?.token)}` },
  });
  // Files a package finds by its own location: Swagger UI's assets, the console beside the build.
  await call('docs page', `${api}/docs`);
  await call('docs asset', `${api}/docs/swagger-ui.css`);
  await call('console', `${api}/`);
  await call('not found', `${api}/no-such-page`);
  // The populations' WebSockets (ws): the personas the lab clock puts online connected.
  seen.online = [...lab.output().matchAll(/(\d+)\/(\d+) personas online/g)].map((m) => m[0]);
  return seen;
}

describe('the vendor bundle', () => {
  it('keeps each package file its own location, and bundles createRequire as any require', () => {
    const outDir = '/repo/dist/.vendor';
    const file = '/repo/node_modules/pkg/lib/file.js';
    const esm = vendor.keepLocations(
      "import { createRequire } from 'module';\nconst require = createRequire(import.meta.url);\nrequire('dep');\nexport const u = import.meta.url;\nconst ws = createRequire(import.meta.url)('ws');\n",
      file,
      outDir,
    );
    expect(esm).not.toContain('import.meta');
    expect(esm).not.toContain('const require');
    expect(esm).toContain("require('ws')");
    expect(esm).toContain(
      '__vendorUrl.pathToFileURL(__vendorPath.join(__vendorDir, "../../node_modules/pkg/lib/file.js")).href',
    );
    const cjs = vendor.keepLocations(
      "'use strict';\nmodule.exports = require('path').join(__dirname, 'worker.js');\n",
      file,
      outDir,
    );
    // Its 'use strict' stays first (a directive anywhere else means nothing), its location after it.
    expect(cjs.split('\n').filter(Boolean).slice(0, 2)).toEqual([
      "'use strict';",
      'var __dirname = __vendorPath.join(__vendorDir, "../../node_modules/pkg/lib"), __filename = __vendorPath.join(__vendorDir, "../../node_modules/pkg/lib/file.js");',
    ]);
    // A file that does not ask where it is stays as it was.
    expect(vendor.keepLocations('module.exports = 1;\n', file, outDir)).toBe('module.exports = 1;\n');
  });

  it('lists the packages the built lab requires, and is not made again while nothing changed', () => {
    const plan = vendor.planVendor(work, 'out');
    expect(plan.needed).toBe(false);
    // Only the bundle is left: no build folder or lock of the build beside it.
    expect(readdirSync(out).filter((name) => name.startsWith('.vendor'))).toEqual(['.vendor']);
    expect(plan.specifiers).toEqual(expect.arrayContaining(['@nestjs/core', 'class-validator', 'ws', 'zod']));
    // The native addon is loaded by path, as without the bundle.
    expect(plan.specifiers).not.toContain('better-sqlite3');
    const manifest = JSON.parse(readFileSync(join(out, '.vendor', 'manifest.json'), 'utf8')) as {
      files: number;
    };
    expect(manifest.files).toBeGreaterThan(1000);
  });

  it('starts the same lab: every request answered alike with and without it', async () => {
    const bundled = await startLab({});
    let withBundle: Record<string, unknown>;
    try {
      withBundle = await observe(bundled);
    } finally {
      await stopLab(bundled);
    }
    const plain = await startLab({ LAB_VENDOR_BUNDLE: '0' });
    let withoutBundle: Record<string, unknown>;
    try {
      withoutBundle = await observe(plain);
    } finally {
      await stopLab(plain);
    }
    expect(withBundle).toEqual(withoutBundle);
    // The answers are the lab's own, not two alike failures.
    expect(withBundle['bad sign-up']).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(withBundle['lookup (vulnerable)']).toMatchObject({ status: 200 });
    expect(withBundle['lookup (fixed)']).toMatchObject({ status: 404, body: { code: 'user_not_found' } });
    expect(withBundle['docs asset']).toMatchObject({ status: 200 });
    expect(withBundle.console).toMatchObject({ status: 200 });
    expect(withBundle.online).toHaveLength(2);
    expect(withBundle.online).not.toContain('0/5 personas online');
  });

  it('loads the packages from the bundle, not from node_modules (and from node_modules with LAB_VENDOR_BUNDLE=0)', async () => {
    const filesLoaded = (text: string) =>
      JSON.parse(/loaded from node_modules: (.*)/.exec(text)?.[1] ?? 'null') as string[];
    const bundled = filesLoaded(await stopLab(await startLab({})));
    const plain = filesLoaded(await stopLab(await startLab({ LAB_VENDOR_BUNDLE: '0' })));
    // Without: Nest and its dependencies, file by file. With: only the native SQLite addon, by path.
    expect(plain.length).toBeGreaterThan(1000);
    expect(bundled.length).toBeGreaterThan(0);
    expect(bundled.filter((f) => !f.includes('/node_modules/better-sqlite3/'))).toEqual([]);
  });
});
