import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/nest-build';

// A packages' bundle that cannot be made (scripts/build-vendor.js): npm start makes it in a
// background process nobody watches, so the failure is recorded beside the build, not tried again
// at every start for the same modules and code, and said at each start; the lab loads the packages
// from node_modules meanwhile. A checkout of its own: a built file requiring a package that does
// not parse.
/* eslint-disable @typescript-eslint/no-require-imports */
const vendor = require(join(ROOT, 'scripts', 'build-vendor.js')) as {
  planVendor(root: string, dist?: string): { needed: boolean; failed?: string };
  isCurrent(root: string, dist?: string): boolean;
  failedFor(root: string, dist?: string): string | undefined;
};
/* eslint-enable @typescript-eslint/no-require-imports */

describe('a packages bundle that cannot be made', () => {
  let root: string;
  const pkg = () => join(root, 'node_modules', 'broken-pkg');
  const makeBundle = () =>
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-vendor.js'), root, 'out'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
  /** What npm ci does to the installed modules' record: the bundle's key changes with it. */
  const install = (text: string) => writeFileSync(join(root, 'node_modules', '.package-lock.json'), text);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lastseen-vendor-failure-'));
    mkdirSync(pkg(), { recursive: true });
    writeFileSync(join(pkg(), 'package.json'), '{"name":"broken-pkg","version":"1.0.0","main":"index.js"}');
    writeFileSync(join(pkg(), 'index.js'), 'module.exports = {\n');
    install('{"lockfileVersion":3}');
    mkdirSync(join(root, 'out', 'apps'), { recursive: true });
    writeFileSync(join(root, 'out', 'apps', 'main.js'), 'require("broken-pkg");\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is recorded once and not tried again for the same modules, until they change', () => {
    expect(vendor.planVendor(root, 'out')).toMatchObject({ needed: true });
    const made = makeBundle();
    expect(made.status).toBe(1);
    expect(made.stderr).toMatch(/the npm packages were not bundled: .*index\.js/s);
    // Recorded with the reason; nothing half-made left beside it.
    const recorded = JSON.parse(readFileSync(join(root, 'out', '.vendor-failed.json'), 'utf8')) as {
      error: string;
    };
    expect(recorded.error).toMatch(
      /^Build failed with 1 error: node_modules\/broken-pkg\/index\.js:2:0: ERROR: /,
    );
    expect(readdirSync(join(root, 'out')).sort()).toEqual(['.vendor-failed.json', 'apps']);
    // The next start: nothing to do, and the reason to say.
    expect(vendor.isCurrent(root, 'out')).toBe(true);
    expect(vendor.planVendor(root, 'out')).toMatchObject({ needed: false, failed: recorded.error });
    expect(vendor.failedFor(root, 'out')).toBe(recorded.error);
    expect(makeBundle()).toMatchObject({ status: 0, stderr: '' });

    // Positive control: once the modules change (the package fixed by a new install), it is made.
    writeFileSync(join(pkg(), 'index.js'), 'module.exports = { fixed: true };\n');
    install('{"lockfileVersion":3,"packages":{}}');
    expect(vendor.isCurrent(root, 'out')).toBe(false);
    expect(vendor.failedFor(root, 'out')).toBeUndefined();
    expect(vendor.planVendor(root, 'out')).toMatchObject({ needed: true, failed: undefined });
    expect(makeBundle()).toMatchObject({ status: 0, stderr: '' });
    expect(existsSync(join(root, 'out', '.vendor', 'vendor.js'))).toBe(true);
    expect(existsSync(join(root, 'out', '.vendor-failed.json'))).toBe(false);
    expect(vendor.isCurrent(root, 'out')).toBe(true);
  });
});
