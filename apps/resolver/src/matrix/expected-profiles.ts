import type { ProfileChannel } from '@lab/directory';
import type { Outcome } from './expected-matrix';

/**
 * The profile table the lab expects: for each protocol profile and each attack, what a stranger
 * achieves, and what a contact (an accepted, mutual one) achieves. The profile tests measure every
 * cell and compare it with this table; docs/profiles.md is generated from it.
 */
export const PROFILE_ATTACKS = [
  'resolve',
  'watch',
  'probe-call',
  'catch-caller',
  'answered-call',
  'sweep',
  'resolve-after-logout',
] as const;
export type ProfileAttack = (typeof PROFILE_ATTACKS)[number];

/** `noticed`: the address leaked, but only once the victim's phone rang (they see a missed call). */
export type ProfileOutcome = Outcome | 'noticed';
export type Viewpoint = 'stranger' | 'contact';

export const PROFILE_ATTACK_INFO: Record<ProfileAttack, { channel: ProfileChannel; what: string }> = {
  resolve: { channel: 'lookup', what: 'look the victim up; read the address fields' },
  watch: { channel: 'presence', what: "subscribe to the victim's presence; wait for them to come online" },
  'probe-call': {
    channel: 'callee-before-answer',
    what: "call the victim, collect the callee's candidates, hang up before anyone answers (at the latest once it rings)",
  },
  'catch-caller': {
    channel: 'caller-before-answer',
    what: "the victim calls the attacker; the attacker reads the caller's candidates without answering, then rejects",
  },
  'answered-call': {
    channel: 'answered-call',
    what: 'call a victim who picks up; read the candidates that set up the media',
  },
  sweep: { channel: 'enumeration', what: 'enumerate a 60-name word list by profile lookups (as a stranger)' },
  'resolve-after-logout': { channel: 'retention', what: 'look up a victim who has logged out' },
};

type Row = Record<ProfileAttack, { stranger: ProfileOutcome; contact?: ProfileOutcome }>;
const L = 'leaked' as const;
const B = 'blocked' as const;
const N = 'noticed' as const;

/** Stranger's outcome, contact's outcome, per attack in PROFILE_ATTACKS order (the sweep: stranger only). */
function row(
  ...cells: [
    [ProfileOutcome, ProfileOutcome],
    [ProfileOutcome, ProfileOutcome],
    [ProfileOutcome, ProfileOutcome],
    [ProfileOutcome, ProfileOutcome],
    [ProfileOutcome, ProfileOutcome],
    ProfileOutcome,
    [ProfileOutcome, ProfileOutcome],
  ]
): Row {
  return Object.fromEntries(
    PROFILE_ATTACKS.map((attack, i) => {
      const cell = cells[i];
      return [attack, Array.isArray(cell) ? { stranger: cell[0], contact: cell[1] } : { stranger: cell }];
    }),
  ) as Row;
}

//                                       resolve  watch   probe-call catch-caller answered  sweep  after-logout
export const EXPECTED_PROFILES: Record<string, Row> = {
  'skype-2012': row([L, L], [L, L], [L, L], [L, L], [L, L], L, [L, L]),
  'skype-2016': row([B, B], [B, B], [B, L], [B, L], [B, L], L, [B, B]),
  xmpp: row([B, B], [B, B], [B, B], [L, L], [L, L], B, [B, B]),
  sip: row([B, B], [B, B], [N, N], [L, L], [L, L], L, [B, B]),
  'sip-privacy': row([B, B], [B, B], [B, B], [B, B], [B, B], L, [B, B]),
  'jitsi-meet-p2p': row([B, B], [B, B], [L, L], [L, L], [L, L], L, [B, B]),
  'jitsi-meet-bridge': row([B, B], [B, B], [B, B], [B, B], [B, B], L, [B, B]),
  signal: row([B, B], [B, B], [B, L], [B, L], [B, L], L, [B, B]),
  'signal-always-relay': row([B, B], [B, B], [B, B], [B, B], [B, B], L, [B, B]),
  whatsapp: row([B, B], [B, B], [B, B], [B, B], [L, L], L, [B, B]),
  'whatsapp-protect-ip': row([B, B], [B, B], [B, B], [B, B], [B, B], L, [B, B]),
  telegram: row([B, B], [B, B], [B, B], [B, B], [B, L], L, [B, B]),
  'telegram-nobody': row([B, B], [B, B], [B, B], [B, B], [B, B], L, [B, B]),
};
