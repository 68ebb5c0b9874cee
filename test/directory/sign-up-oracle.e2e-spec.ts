import { DirectoryClient } from '@lab/directory-client';
import { ENUMERATION_RATE_LIMIT } from '@lab/directory';
import { TestDirectory, startTestDirectory } from '../support/lab-harness';

// Sign-up stays an oracle while usernames are unique (docs/mitigations.md, "Sign-up stays an
// oracle"): the fixed directory answers 409 for a taken name, and its rate limit is the only defence.

describe('sign-up under the fixed directory', () => {
  let directory: TestDirectory;
  let bob: DirectoryClient;
  let mallory: DirectoryClient;

  beforeAll(async () => {
    directory = await startTestDirectory('all');
    bob = new DirectoryClient({ baseUrl: directory.url, localAddress: '127.51.100.23' });
    await bob.register('bob', 'bob-password-1');
    mallory = new DirectoryClient({ baseUrl: directory.url, localAddress: '127.0.113.66' });
  });
  afterAll(async () => {
    bob.close();
    mallory.close();
    await directory.close();
  });

  const signUp = async (username: string) => {
    const answer = await mallory.request('POST', '/accounts', { username, password: 'sweep-password-1' });
    return { status: answer.status, code: (JSON.parse(answer.text) as { code?: string }).code };
  };

  it('tells a taken name from a free one, until the address has spent its budget', async () => {
    expect(await signUp('bob')).toEqual({ status: 409, code: 'username_taken' });
    // Control: a free name is created, so the 409 above is about bob, not about sign-up failing.
    expect(await signUp('mallory-1')).toEqual({ status: 201, code: undefined });

    const answers = [];
    for (let i = 2; i < ENUMERATION_RATE_LIMIT.perAddress; i++) answers.push(await signUp('bob'));
    expect(answers.every((a) => a.code === 'username_taken')).toBe(true);
    // The budget is spent: the oracle now answers 429 for the taken name and a free one alike.
    expect(await signUp('bob')).toEqual({ status: 429, code: 'rate_limited' });
    expect(await signUp('mallory-2')).toEqual({ status: 429, code: 'rate_limited' });
  }, 30_000);
});
