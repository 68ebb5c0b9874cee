import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { BrowserContext, Page, chromium } from 'playwright-core';

/** Debian's Chromium: the browser tests drive the system's browser and never download one. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where every page's screenshot goes (gitignored; CI keeps it as an artifact). */
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'browser');

// A quiet, offline browser: nothing but the lab on loopback is ever contacted.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleBrowser {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors the pages threw, and console.error lines: a console that throws is a failure. */
  errors: string[];
  /** Saves a full-page screenshot as test-artifacts/browser/NN-name.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium on a fresh profile and opens one page. Missing Chromium is an error
 * saying how to install it: these tests never skip.
 */
export async function launchChromium(): Promise<ConsoleBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests drive Debian's Chromium. Install it with: sudo apt-get install chromium`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'lastseen-lab-chromium-'));
  // The persistent context takes the fresh --user-data-dir (Playwright refuses it in `args`).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  let shots = 0;
  const screenshot = async (name: string) => {
    shots += 1;
    const file = join(ARTIFACTS, `${String(shots).padStart(2, '0')}-${slug(name)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  // The test environment calls this when a test or hook fails (screenshot-on-failure.environment.js).
  (globalThis as { __onBrowserTestFailure?: (name: string) => Promise<void> }).__onBrowserTestFailure =
    async (name) => {
      if (!page.isClosed()) await screenshot(`FAILED-${name}`);
    };
  return {
    context,
    page,
    errors,
    screenshot,
    close: async () => {
      delete (globalThis as { __onBrowserTestFailure?: unknown }).__onBrowserTestFailure;
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Clears the artifacts folder, so what is in it after a run is that run's. */
export function clearArtifacts() {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** The page's serious and critical accessibility violations, by axe-core (WCAG 2.x A and AA rules). */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
