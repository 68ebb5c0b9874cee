import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/nest-build';

// The Node preflight (scripts/check-node.js) that npm start, npm run lab and npm run resolver run
// before anything loads better-sqlite3 or Nest. Plain CommonJS, so it is required as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preflight = require(join(ROOT, 'scripts', 'check-node.js')) as {
  versionProblem(nodeVersion: string, range: string): string | null;
  nativeProblem(
    result: { status: number | null; signal: NodeJS.Signals | null; stderr?: string; error?: Error },
    nodeVersion: string,
  ): string | null;
  loadNativeModules(nodePath: string, cwd: string): ReturnType<typeof spawnSync>;
  checkNative(options: {
    root: string;
    nodePath: string;
    nodeVersion: string;
    cacheFile: string;
    load(nodePath: string, cwd: string): unknown;
  }): string | null;
};

describe('the Node preflight', () => {
  it('accepts the Node the engines field asks for, and refuses an older one with what to do', () => {
    expect(preflight.versionProblem('v22.12.0', '>=22.12.0')).toBeNull();
    expect(preflight.versionProblem('v24.1.0', '>=22.12.0')).toBeNull();
    expect(preflight.versionProblem('v23.0.0', '>=22.12')).toBeNull();
    const old = preflight.versionProblem('v22.11.9', '>=22.12.0');
    expect(old).toContain('needs Node.js 22.12.0 or newer');
    expect(old).toContain('this is Node v22.11.9');
    expect(old).toContain('npm rebuild better-sqlite3');
    expect(old).toContain('rm -rf node_modules && npm ci');
    expect(preflight.versionProblem('v20.20.2', '>=22.12.0')).toContain('this is Node v20.20.2');
    expect(preflight.versionProblem('v8.17.0', '>=22.12.0')).toContain('needs Node.js 22.12.0');
  });

  it('loads the native modules in a child process on this Node (they were built for it)', () => {
    const result = preflight.loadNativeModules(process.execPath, ROOT);
    expect(result.status).toBe(0);
    expect(preflight.nativeProblem(result as never, process.version)).toBeNull();
  });

  it('turns a child killed by a segmentation fault into a message, not a crash of its own', () => {
    // A real child that dies of SIGSEGV, as better-sqlite3 does when loaded by too old a Node.
    const crashed = spawnSync(process.execPath, ['-e', "process.kill(process.pid, 'SIGSEGV')"]);
    expect(crashed.signal).toBe('SIGSEGV');
    const message = preflight.nativeProblem(crashed as never, 'v20.20.2');
    expect(message).toContain('crashed while loading (SIGSEGV) on Node v20.20.2');
    expect(message).toContain('npm rebuild better-sqlite3');
  });

  it("names both ABIs when the module was built for another Node's ABI", () => {
    const stderr =
      "Error: The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\n" +
      'NODE_MODULE_VERSION 137. This version of Node.js requires\nNODE_MODULE_VERSION 127. Please try re-compiling';
    const message = preflight.nativeProblem(
      { status: 1, signal: null, stderr: stderr.replace(/\n/g, ' ') },
      'v22.12.0',
    );
    expect(message).toContain('NODE_MODULE_VERSION 137');
    expect(message).toContain('this is Node v22.12.0 (NODE_MODULE_VERSION 127)');
  });

  it('remembers a passed native check until the Node or the native module changes, and never a failed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lastseen-native-check-'));
    try {
      const loads: string[] = [];
      const passing = (nodePath: string, cwd: string) => {
        loads.push(nodePath);
        return preflight.loadNativeModules(nodePath, cwd);
      };
      const options = {
        root: ROOT,
        nodePath: process.execPath,
        nodeVersion: process.version,
        cacheFile: join(dir, 'native-check'),
        load: passing,
      };
      expect(preflight.checkNative(options)).toBeNull();
      expect(loads).toHaveLength(1);
      expect(preflight.checkNative(options)).toBeNull();
      expect(loads).toHaveLength(1); // remembered: no child process this time
      // Another Node (here: another version string) is checked afresh.
      expect(preflight.checkNative({ ...options, nodeVersion: 'v99.0.0' })).toBeNull();
      expect(loads).toHaveLength(2);

      // A crash is reported every time, and not remembered as a pass.
      const crashing = () => {
        loads.push('crash');
        return spawnSync(process.execPath, ['-e', "process.kill(process.pid, 'SIGSEGV')"]);
      };
      const fresh = { ...options, cacheFile: join(dir, 'other'), load: crashing };
      expect(preflight.checkNative(fresh)).toContain('crashed while loading (SIGSEGV)');
      expect(preflight.checkNative(fresh)).toContain('crashed while loading (SIGSEGV)');
      expect(loads.filter((l) => l === 'crash')).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs as a script: exit 0 and silent on this Node', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-node.js')], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
