/**
 * Imported by the lab's entry points right after the compile cache, before Nest and the lab load:
 * the npm packages the lab requires come from one bundle (dist/.vendor/vendor.js, made by `npm
 * start`'s build, scripts/build-vendor.js) instead of about 2,200 files in node_modules, which is
 * most of the start-up's module loading. The lab's own modules stay files of their own.
 *
 * Used only when it was made from the modules installed now: after an `npm ci` that no build has
 * followed yet, or with LAB_VENDOR_BUNDLE=0 (to rule it out when something behaves oddly), every
 * package is loaded from node_modules as usual.
 */
import Module from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Built, this file is dist/apps/lab/src/vendor-bundle.js: three folders up is dist/, one more the checkout.
const DIST = join(__dirname, '..', '..', '..');
const VENDOR = join(DIST, '.vendor');

interface VendorManifest {
  installed: string;
}

/** node_modules/.package-lock.json as scripts/build-vendor.js records it: npm rewrites it on every install. */
function installedModules(): string {
  try {
    const stat = statSync(join(DIST, '..', 'node_modules', '.package-lock.json'));
    return `${stat.size}\t${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function useVendorBundle(): boolean {
  // Read here, not through the config module: that would load the very packages this decides about.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.LAB_VENDOR_BUNDLE === '0') return false;
  let manifest: VendorManifest;
  try {
    manifest = JSON.parse(readFileSync(join(VENDOR, 'manifest.json'), 'utf8')) as VendorManifest;
  } catch {
    return false; // not built (a Docker image, `npm run build`): plain loading
  }
  if (manifest.installed !== installedModules()) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const packages = require(join(VENDOR, 'vendor.js')) as Record<string, () => unknown>;
  // Every require of a bundled package, from the lab or from a package left outside the bundle,
  // gets the bundled copy: one copy of each package in the process, as without the bundle.
  const original = Module.prototype.require;
  function requireBundledFirst(this: Module, id: string): unknown {
    const load = Object.hasOwn(packages, id) ? packages[id] : undefined;
    // eslint-disable-next-line prefer-rest-params
    return load ? load() : original.apply(this, arguments as unknown as [string]);
  }
  Module.prototype.require = requireBundledFirst as typeof original;
  return true;
}

export const vendorBundleInUse = useVendorBundle();
