import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT, nestBuild } from '../support/nest-build';

// npm start's build step (scripts/build-when-changed.js, with scripts/build-sources.js): it compiles
// with swc only the sources that changed since the last build it recorded, deletes the outputs of
// removed ones, and bundles the console only when the console's own inputs changed. Each test works
// on a small project of its own (the repository's build configuration and console, two libraries),
// built for real. Plain CommonJS, required as is.
interface Plan {
  compile: string[];
  remove: string[];
  bundleConsole: boolean;
  needed: boolean;
}
interface Done {
  compiled: string[];
  removed: string[];
  console: boolean;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const step = require(join(ROOT, 'scripts', 'build-when-changed.js')) as {
  planBuild(root: string): Plan;
  build(root: string, options?: { quiet?: boolean }): Promise<Done>;
};
const sources = require(join(ROOT, 'scripts', 'build-sources.js')) as {
  buildConfig(root: string, outDir?: string): unknown;
  listSources(config: unknown): Map<string, string>;
  buildFiles(config: unknown, files: string[]): Promise<void>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

jest.setTimeout(60_000);

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const exists = (path: string) => existsSync(join(root, path));
/** Modification times in ns: a file the build did not touch keeps its own. */
const mtime = (path: string) => statSync(join(root, path), { bigint: true }).mtimeNs;
const build = () => step.build(root, { quiet: true });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lastseen-build-step-'));
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', '.swcrc']) {
    cpSync(join(ROOT, file), join(root, file));
  }
  cpSync(join(ROOT, 'apps', 'lab', 'console'), join(root, 'apps', 'lab', 'console'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  write(
    'apps/lab/src/main.ts',
    "import { LAB_NAME } from '@lab/protocol';\nexport const banner = `${LAB_NAME} is running`;\n",
  );
  write('apps/lab/src/main.spec.ts', 'it("is a test, not a build input", () => undefined);\n');
  write('libs/protocol/src/index.ts', "export const LAB_NAME = 'lastseen-lab';\n");
  write('libs/protocol/src/extra.ts', 'export const EXTRA = 1;\n');
  write('libs/address-plan/src/plan/lab-plan.yaml', 'isps: []\n');
  write('bench/run-all.ts', 'export const runs = 3;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("npm start's build step", () => {
  it('builds everything the first time, as nest build lays it out, then nothing while nothing changed', async () => {
    expect(step.planBuild(root)).toMatchObject({ needed: true, bundleConsole: true });
    const first = await build();
    expect(first.compiled.sort()).toEqual([
      'apps/lab/src/main.ts',
      'bench/run-all.ts',
      'libs/address-plan/src/plan/lab-plan.yaml',
      'libs/protocol/src/extra.ts',
      'libs/protocol/src/index.ts',
    ]);
    expect(first.console).toBe(true);
    // The alias is rewritten to a relative path inside dist/, the source map sits beside the code,
    // the YAML is copied, a spec is not built.
    expect(read('dist/apps/lab/src/main.js')).toContain('require("../../../libs/protocol/src")');
    expect(read('dist/apps/lab/src/main.js')).toMatch(/\/\/# sourceMappingURL=main\.js\.map$/);
    expect(JSON.parse(read('dist/apps/lab/src/main.js.map')).sources).toEqual([
      '../../../../apps/lab/src/main.ts',
    ]);
    expect(read('dist/libs/address-plan/src/plan/lab-plan.yaml')).toBe('isps: []\n');
    expect(exists('dist/apps/lab/src/main.spec.js')).toBe(false);
    expect(exists('dist/console/index.html') && exists('dist/console/app.js')).toBe(true);

    const before = [mtime('dist/apps/lab/src/main.js'), mtime('dist/console/app.js')];
    // An output, or a file outside the inputs, changing is no reason to build.
    write('dist/apps/lab/src/other.js', '\n');
    write('data/lab.lock', '1\n');
    expect(step.planBuild(root)).toMatchObject({
      needed: false,
      compile: [],
      remove: [],
      bundleConsole: false,
    });
    expect(await build()).toMatchObject({ compiled: [], removed: [], console: false });
    expect([mtime('dist/apps/lab/src/main.js'), mtime('dist/console/app.js')]).toEqual(before);
  });

  it('compiles only the file that was edited or added, and leaves the console alone', async () => {
    await build();
    const untouched = mtime('dist/libs/protocol/src/index.js');
    const consoleScript = mtime('dist/console/app.js');
    write('apps/lab/src/main.ts', "export const banner = 'edited';\n");
    write('libs/protocol/src/added.ts', 'export const ADDED = true;\n');
    expect(step.planBuild(root)).toMatchObject({
      compile: ['apps/lab/src/main.ts', 'libs/protocol/src/added.ts'],
      remove: [],
      bundleConsole: false,
    });
    await build();
    expect(read('dist/apps/lab/src/main.js')).toContain("banner = 'edited'");
    expect(read('dist/libs/protocol/src/added.js')).toContain('ADDED = true');
    expect(mtime('dist/libs/protocol/src/index.js')).toBe(untouched);
    expect(mtime('dist/console/app.js')).toBe(consoleScript);
    expect(step.planBuild(root).needed).toBe(false);
  });

  it("deletes a removed source's output (code, source map, copied file) and the folders it leaves empty", async () => {
    await build();
    expect(exists('dist/libs/protocol/src/extra.js') && exists('dist/libs/protocol/src/extra.js.map')).toBe(
      true,
    );
    expect(exists('dist/libs/address-plan/src/plan/lab-plan.yaml')).toBe(true);
    unlinkSync(join(root, 'libs/protocol/src/extra.ts'));
    rmSync(join(root, 'libs/address-plan'), { recursive: true });
    expect(step.planBuild(root)).toMatchObject({
      compile: [],
      remove: ['libs/address-plan/src/plan/lab-plan.yaml', 'libs/protocol/src/extra.ts'],
    });
    expect(await build()).toMatchObject({ compiled: [], console: false });
    expect(exists('dist/libs/protocol/src/extra.js')).toBe(false);
    expect(exists('dist/libs/protocol/src/extra.js.map')).toBe(false);
    expect(exists('dist/libs/address-plan')).toBe(false);
    // What is still a source keeps its output.
    expect(exists('dist/libs/protocol/src/index.js')).toBe(true);
  });

  it('bundles the console again when one of its sources changed, and compiles nothing else', async () => {
    await build();
    const compiled = mtime('dist/apps/lab/src/main.js');
    expect(read('dist/console/app.js')).not.toContain('console-source-edited');
    write(
      'apps/lab/console/main.tsx',
      read('apps/lab/console/main.tsx') + "\nconsole.info('console-source-edited');\n",
    );
    expect(step.planBuild(root)).toMatchObject({ compile: [], remove: [], bundleConsole: true });
    expect(await build()).toMatchObject({ compiled: [], console: true });
    expect(read('dist/console/app.js')).toContain('console-source-edited');
    expect(mtime('dist/apps/lab/src/main.js')).toBe(compiled);
  });

  it('rebuilds every source after a change to the build configuration', async () => {
    await build();
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, '.swcrc'), later, later);
    const plan = step.planBuild(root);
    expect(plan.compile).toHaveLength(5);
    expect(plan.bundleConsole).toBe(false);
  });

  it('builds again an output deleted by hand, and the console when its page is missing', async () => {
    await build();
    unlinkSync(join(root, 'dist/apps/lab/src/main.js'));
    unlinkSync(join(root, 'dist/console/index.html'));
    expect(step.planBuild(root)).toMatchObject({ compile: ['apps/lab/src/main.ts'], bundleConsole: true });
    await build();
    expect(exists('dist/apps/lab/src/main.js') && exists('dist/console/index.html')).toBe(true);
  });

  it('fails on a file that does not compile, naming it, and records nothing: the next start tries again', async () => {
    await build();
    write('libs/protocol/src/index.ts', 'export const = ;\n');
    await expect(build()).rejects.toThrow(/libs\/protocol\/src\/index\.ts/);
    expect(step.planBuild(root).compile).toEqual(['libs/protocol/src/index.ts']);
    write('libs/protocol/src/index.ts', "export const LAB_NAME = 'fixed';\n");
    await build();
    expect(read('dist/libs/protocol/src/index.js')).toContain("LAB_NAME = 'fixed'");
  });
});

describe('the swc build without the Nest command line', () => {
  /** Every file under a folder, root-relative, with its bytes. */
  function tree(dir: string): Map<string, Buffer> {
    const files = new Map<string, Buffer>();
    const visit = (path: string) => {
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        const full = join(path, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.isFile()) files.set(relative(dir, full), readFileSync(full));
      }
    };
    visit(dir);
    return files;
  }

  it("writes exactly what nest build writes for the repository's sources", async () => {
    const work = mkdtempSync(join(tmpdir(), 'lastseen-build-same-'));
    try {
      const fromNest = await nestBuild('lab', work); // <work>/out, beside <work>/swc: the same relative paths
      const fromSwc = join(work, 'swc');
      const config = sources.buildConfig(ROOT, fromSwc);
      await sources.buildFiles(config, [...sources.listSources(config).keys()]);
      const expected = tree(fromNest);
      const actual = tree(fromSwc);
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      const different = [...expected].filter(([file, bytes]) => !bytes.equals(actual.get(file)!));
      expect(different.map(([file]) => file)).toEqual([]);
      // Not an empty comparison: the lab's entry file and the copied address plan are in both.
      expect(expected.has(join('apps', 'lab', 'src', 'main.js'))).toBe(true);
      expect(expected.has(join('libs', 'address-plan', 'src', 'plan', 'lab-plan.yaml'))).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
