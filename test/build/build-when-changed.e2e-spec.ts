import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/nest-build';

// npm start's build step (scripts/build-when-changed.js): it skips the build only when nothing
// under the build's inputs changed since the last build it recorded. Plain CommonJS, required as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const step = require(join(ROOT, 'scripts', 'build-when-changed.js')) as {
  buildNeeded(root: string): { current: string; needed: boolean };
  recordBuild(root: string, current: string): void;
};

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
/** Records a build as made now, and checks that right after it nothing needs building. */
const built = () => {
  step.recordBuild(root, step.buildNeeded(root).current);
  expect(step.buildNeeded(root).needed).toBe(false);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lastseen-build-step-'));
  write('apps/lab/src/main.ts', 'export {};\n');
  write('libs/address-plan/src/plan/lab-plan.yaml', 'isps: []\n');
  write('package.json', '{}\n');
  write('dist/apps/lab/src/main.js', '"use strict";\n');
  write('dist/console/index.html', '<!doctype html>\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("npm start's build step", () => {
  it('builds when no build was recorded, and not again while nothing changed', () => {
    expect(step.buildNeeded(root).needed).toBe(true);
    built();
    // An output file or a file outside the inputs changing is not a reason to build.
    write('dist/apps/lab/src/other.js', '\n');
    write('data/lab.lock', '1\n');
    expect(step.buildNeeded(root).needed).toBe(false);
  });

  it('builds again after a source is edited, added or deleted, or a build input changes', () => {
    built();
    write('apps/lab/src/main.ts', 'export const edited = true;\n');
    expect(step.buildNeeded(root).needed).toBe(true);
    built();
    write('libs/address-plan/src/plan/extra.yaml', 'more: 1\n');
    expect(step.buildNeeded(root).needed).toBe(true);
    built();
    unlinkSync(join(root, 'libs/address-plan/src/plan/extra.yaml'));
    expect(step.buildNeeded(root).needed).toBe(true);
    built();
    write('package.json', '{ "scripts": {} }\n');
    expect(step.buildNeeded(root).needed).toBe(true);
  });

  it('builds again when the built lab is missing, whatever the fingerprint says', () => {
    built();
    unlinkSync(join(root, 'dist/apps/lab/src/main.js'));
    expect(step.buildNeeded(root).needed).toBe(true);
  });

  it('builds again when the built console is missing (a build from before the console existed)', () => {
    built();
    unlinkSync(join(root, 'dist/console/index.html'));
    expect(step.buildNeeded(root).needed).toBe(true);
  });
});
