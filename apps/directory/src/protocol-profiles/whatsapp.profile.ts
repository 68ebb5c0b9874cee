import type { ProtocolProfile } from './protocol-profile';

/**
 * whatsapp — WhatsApp 1:1 calls, peer to peer by default; and with "Protect IP address in calls".
 *
 * Models: 1:1 calls are peer to peer by default, and the opt-in "Protect IP address in calls"
 * relays every call [@WhatsAppIPProtection2023]; last seen and online go only to people you talked
 * to or saved [@WhatsAppLastSeen], and carry no address (M1).
 * Simplifies and does not establish: whether a callee's address reaches the caller before the
 * answer. The lab holds every candidate until the callee accepts (M3), so the leak it shows is the
 * documented one — an answered peer-to-peer call.
 */
export const WHATSAPP: ProtocolProfile = {
  name: 'whatsapp',
  title: 'WhatsApp, default settings (1:1 calls peer to peer)',
  models:
    '1:1 calls peer to peer by default [@WhatsAppIPProtection2023]; presence without addresses [@WhatsAppLastSeen].',
  simplifies:
    'Candidates are held until the callee accepts; phone-number discovery is the lab’s username lookup.',
  modelled: {
    'callee-before-answer': 'what flows before the answer is not established; the lab holds it until accept',
    'caller-before-answer': 'what flows before the answer is not established; the lab holds it until accept',
    enumeration: 'number lookups answer; their rate limits are not modelled',
    retention: 'what WhatsApp’s servers keep is not established here',
  },
  mitigations: ['M1', 'M3'],
};

/** whatsapp-protect-ip — "Protect IP address in calls" on: every call relayed [@WhatsAppIPProtection2023]. */
export const WHATSAPP_PROTECT_IP: ProtocolProfile = {
  ...WHATSAPP,
  name: 'whatsapp-protect-ip',
  title: 'WhatsApp with "Protect IP address in calls"',
  models:
    '"Protect IP address in calls" relays every call through WhatsApp’s servers [@WhatsAppIPProtection2023].',
  mitigations: ['M1', 'M3', 'M4'],
  relayCalls: 'always',
};
