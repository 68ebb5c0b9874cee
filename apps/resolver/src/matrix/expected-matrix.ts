/**
 * The defence matrix the lab expects: for each attack, what it achieves against the vulnerable
 * directory, against each mitigation alone, and against the fixed directory. The matrix test
 * measures every cell and compares it with this table; docs/defence-matrix.md is generated from it.
 */
export type Outcome = 'leaked' | 'limited' | 'blocked';

export const CONFIGURATIONS = ['vulnerable', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'fixed'] as const;
export type Configuration = (typeof CONFIGURATIONS)[number];

export const ATTACKS = [
  'resolve',
  'debug-log',
  'watch',
  'probe-call',
  'sweep',
  'resolve-after-logout',
  'reverse',
  'find-email',
] as const;
export type AttackName = (typeof ATTACKS)[number];

export const ATTACK_INFO: Record<AttackName, { channel: string; what: string }> = {
  resolve: { channel: 'L1', what: 'look the victim up; read the address fields' },
  'debug-log': { channel: 'L1', what: "look the victim up with the client's debug log on; grep the log" },
  watch: { channel: 'L2', what: "subscribe to the victim's presence; wait for them to come online" },
  'probe-call': { channel: 'L3', what: 'call, collect candidates, hang up before the ring' },
  sweep: { channel: 'L4', what: 'enumerate a 60-name word list by profile lookups' },
  'resolve-after-logout': { channel: 'L5', what: 'look up a victim who has logged out' },
  reverse: {
    channel: 'L1',
    what: "ip2skype: resolve the victim into the attacker's own cache, then ask the cache who was at that address",
  },
  'find-email': {
    channel: 'L4',
    what: "email2skype: search the directory for a 60-address e-mail list (two victims' among them)",
  },
};

const row = (...cells: Outcome[]) =>
  Object.fromEntries(CONFIGURATIONS.map((c, i) => [c, cells[i]])) as Record<Configuration, Outcome>;

//                                         vulnerable  M1         M2         M3         M4         M5         M6         fixed
export const EXPECTED_MATRIX: Record<AttackName, Record<Configuration, Outcome>> = {
  resolve: row('leaked', 'blocked', 'blocked', 'leaked', 'leaked', 'leaked', 'leaked', 'blocked'),
  'debug-log': row('leaked', 'blocked', 'blocked', 'leaked', 'leaked', 'leaked', 'leaked', 'blocked'),
  watch: row('leaked', 'blocked', 'blocked', 'leaked', 'leaked', 'leaked', 'leaked', 'blocked'),
  'probe-call': row('leaked', 'leaked', 'blocked', 'blocked', 'blocked', 'leaked', 'leaked', 'blocked'),
  sweep: row('leaked', 'leaked', 'blocked', 'leaked', 'leaked', 'limited', 'leaked', 'blocked'),
  'resolve-after-logout': row(
    'leaked',
    'blocked',
    'blocked',
    'leaked',
    'leaked',
    'leaked',
    'blocked',
    'blocked',
  ),
  reverse: row('leaked', 'blocked', 'blocked', 'leaked', 'leaked', 'leaked', 'leaked', 'blocked'),
  'find-email': row('leaked', 'leaked', 'blocked', 'leaked', 'leaked', 'limited', 'leaked', 'blocked'),
};
