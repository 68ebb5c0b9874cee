import type { Locator } from 'playwright-core';
import { eventually } from '../../support/lab-harness';

// playwright-core has no retrying assertions (they live in @playwright/test, a test runner this
// project does not use): these wait for the page the same way, with Jest's expect.

const TIMEOUT = 15_000;

/** Waits until the (first) element is visible. */
export async function visible(locator: Locator, timeout = TIMEOUT) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/** Waits until the element's text matches (a string matches exactly, trimmed). */
export async function hasText(locator: Locator, text: string | RegExp, timeout = TIMEOUT) {
  await eventually(async () => {
    const shown = ((await locator.textContent({ timeout: 1000 })) ?? '').trim();
    if (typeof text === 'string') expect(shown).toBe(text);
    else expect(shown).toMatch(text);
  }, timeout);
}

/** Waits until the element's text contains `text`. */
export async function containsText(locator: Locator, text: string, timeout = TIMEOUT) {
  await eventually(
    async () => expect((await locator.textContent({ timeout: 1000 })) ?? '').toContain(text),
    timeout,
  );
}

export async function hasCount(locator: Locator, count: number, timeout = TIMEOUT) {
  await eventually(async () => expect(await locator.count()).toBe(count), timeout);
}

export async function hasAttribute(locator: Locator, name: string, value: string, timeout = TIMEOUT) {
  await eventually(
    async () => expect(await locator.getAttribute(name, { timeout: 1000 })).toBe(value),
    timeout,
  );
}
