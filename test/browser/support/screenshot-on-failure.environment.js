// Jest's node environment, plus one thing: when a test or a hook fails, it awaits the callback the
// browser harness registered (globalThis.__onBrowserTestFailure), which screenshots the open page into
// test-artifacts/browser/ while it still shows what went wrong.
/* global require, module, console -- a CommonJS file Jest loads as it is */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TestEnvironment } = require('jest-environment-node');

class ScreenshotOnFailureEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    const onFailure = this.global.__onBrowserTestFailure;
    if (typeof onFailure !== 'function') return;
    const name = event.name === 'hook_failure' ? `${event.hook.type}` : event.test.name;
    try {
      await onFailure(name);
    } catch (error) {
      // A failed screenshot must not hide the test's own failure.
      console.error(`could not screenshot the failure: ${error}`);
    }
  }
}

module.exports = ScreenshotOnFailureEnvironment;
