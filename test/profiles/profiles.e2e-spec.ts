import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILE_NAMES } from '@lab/directory';
import {
  EXPECTED_PROFILES,
  ProfileAttack,
  ProfileCell,
  attacksFor,
  renderProfiles,
  runProfileMatrix,
} from '@lab/resolver';
import { startProfileDirectory } from './profile-directory';

// The profile table, measured: every attack against a fresh directory of each protocol profile,
// as a stranger and as a contact, each cell compared with the table docs/profiles.md is made from.
// Each cell's attacker is its own account, so what it received is checked too: an address of a
// victim is in it exactly when the cell says the attack leaked (the enumeration cell counts
// accounts, not addresses). skype-2012, where every attack leaks, is the positive control of the
// same attack code against the same victims.

/** The victim each attack is aimed at, by the address their client connects from. */
const TARGET_ADDRESS: Record<ProfileAttack, string> = {
  resolve: '127.51.100.140', // bob
  watch: '127.51.100.200', // dave, coming online
  'probe-call': '127.51.100.140', // bob, the callee
  'catch-caller': '127.51.100.140', // bob, calling the attacker
  'answered-call': '127.51.100.30', // erin, who picks up
  sweep: '',
  'resolve-after-logout': '127.51.100.70', // carol, logged out
};

describe.each(PROFILE_NAMES)('the %s profile', (profile) => {
  let cells: ProfileCell[];
  beforeAll(async () => {
    cells = await runProfileMatrix(startProfileDirectory, [profile]);
  }, 60_000);

  it('matches docs/profiles.md in every cell, as a stranger and as a contact', () => {
    const measured = cells.map((c) => `${c.viewpoint} ${c.attack}: ${c.outcome} (${c.detail})`);
    const expected = cells.map(
      (c) => `${c.viewpoint} ${c.attack}: ${EXPECTED_PROFILES[profile][c.attack][c.viewpoint]} (${c.detail})`,
    );
    expect(measured).toEqual(expected);
    expect(cells.map((c) => `${c.viewpoint} ${c.attack}`)).toEqual(
      (['stranger', 'contact'] as const).flatMap((v) => attacksFor(v).map((a) => `${v} ${a}`)),
    );
  });

  it('names the exact address of the victim each leaking attack was aimed at', () => {
    const leaks = cells.filter((c) => c.outcome === 'leaked' || c.outcome === 'noticed');
    for (const c of leaks) {
      if (c.attack === 'sweep') expect(c.detail).toBe('2 of 2 found');
      else
        expect(`${c.viewpoint} ${c.attack}: ${c.detail.split(/[:,]/)[0]}`).toBe(
          `${c.viewpoint} ${c.attack}: ${TARGET_ADDRESS[c.attack]}`,
        );
    }
  });

  it('gave an attacker a victim’s address exactly where the cell says it leaked', () => {
    const seen = cells
      .filter((c) => c.attack !== 'sweep')
      .map((c) => `${c.viewpoint} ${c.attack}: ${c.addressSeen ? 'address received' : 'no address'}`);
    const expected = cells
      .filter((c) => c.attack !== 'sweep')
      .map(
        (c) =>
          `${c.viewpoint} ${c.attack}: ${c.outcome === 'leaked' || c.outcome === 'noticed' ? 'address received' : 'no address'}`,
      );
    expect(seen).toEqual(expected);
  });
});

describe('docs/profiles.md', () => {
  it('is generated from the same table and the profiles’ own files', () => {
    const docs = readFileSync(join(__dirname, '../../docs/profiles.md'), 'utf8');
    expect(docs).toBe(renderProfiles());
  });

  it('has a row for every profile and marks the modelled cells', () => {
    const docs = renderProfiles();
    for (const profile of PROFILE_NAMES) expect(docs).toContain(`| \`${profile}\` |`);
    expect(docs).toMatch(/† modelled, not established/);
  });
});
