import type { ProtocolProfile } from './protocol-profile';

/**
 * telegram — Telegram calls, peer to peer with contacts; and with peer-to-peer set to "Nobody".
 *
 * Models: Settings › Privacy › Calls › Peer-to-peer chooses Everybody, My Contacts or Nobody; calls
 * not allowed peer to peer are relayed "to avoid revealing your IP" [@TelegramCallsPrivacy]
 * (M4: `strangers` for My Contacts, `always` for Nobody). Last seen carries no address (M1) and is
 * coarse for those not allowed [@TelegramLastSeen].
 * Simplifies and does not establish: the default (My Contacts, per user reports), and what flows
 * before the answer — the lab holds every candidate until the callee accepts (M3).
 */
export const TELEGRAM: ProtocolProfile = {
  name: 'telegram',
  title: 'Telegram, peer-to-peer calls with My Contacts (reported default)',
  models:
    'Peer to peer only with contacts; others relayed "to avoid revealing your IP" [@TelegramCallsPrivacy]; presence without addresses [@TelegramLastSeen].',
  simplifies: 'Candidates are held until the callee accepts; the default setting is taken from user reports.',
  modelled: {
    'callee-before-answer': 'what flows before the answer is not established; the lab holds it until accept',
    'caller-before-answer': 'what flows before the answer is not established; the lab holds it until accept',
    'answered-call': 'the default, My Contacts, comes from user reports (_unconfirmed_)',
    enumeration: 'username lookups answer; their rate limits are not modelled',
    retention: 'what Telegram’s servers keep is not established here',
  },
  mitigations: ['M1', 'M3', 'M4'],
  relayCalls: 'strangers',
};

/** telegram-nobody — peer-to-peer calls with "Nobody": every call relayed [@TelegramCallsPrivacy]. */
export const TELEGRAM_NOBODY: ProtocolProfile = {
  ...TELEGRAM,
  name: 'telegram-nobody',
  title: 'Telegram with peer-to-peer calls set to Nobody',
  models: 'Peer-to-peer "Nobody" relays every call [@TelegramCallsPrivacy].',
  modelled: {
    'callee-before-answer': TELEGRAM.modelled['callee-before-answer'],
    'caller-before-answer': TELEGRAM.modelled['caller-before-answer'],
    enumeration: TELEGRAM.modelled.enumeration,
    retention: TELEGRAM.modelled.retention,
  },
  relayCalls: 'always',
};
