import { DirectoryClient } from '@lab/directory-client';

/**
 * Two more accounts with e-mail addresses, as the plan gives the personas theirs: alice did not opt
 * in to be found by e-mail; erin did. Registered from their home lines.
 */
export async function registerEmailAccounts(directoryUrl: string) {
  const register = async (name: string, source: string, discoverableByEmail: boolean) => {
    const client = new DirectoryClient({ baseUrl: directoryUrl, localAddress: source });
    await client.register(name, `${name}-password-1`, undefined, {
      email: `${name}@mail.example`,
      discoverableByEmail,
    });
    client.close();
  };
  await register('alice', '127.51.100.10', false);
  await register('erin', '127.51.100.11', true);
}

/** Sixty e-mail addresses to sweep: alice's and erin's among 58 that belong to nobody. */
export const EMAIL_SWEEP: readonly string[] = Array.from({ length: 60 }, (_, i) =>
  i === 7 ? 'alice@mail.example' : i === 41 ? 'erin@mail.example' : `nobody${i}@mail.example`,
);
