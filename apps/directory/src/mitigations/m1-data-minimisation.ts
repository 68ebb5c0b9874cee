import type { OpenAPIObject } from '@nestjs/swagger';
import type { PresenceEvent, ProfileView } from '@lab/protocol';
import type { Mitigation } from './mitigation';

/**
 * M1 — Data minimisation. Stops L1 (profile lookup) and the address part of L2 (presence).
 *
 * No network address leaves the directory in a profile, a presence frame or an error: a peer
 * that needs to reach you gets candidates during a call it was allowed to make, never from a
 * lookup. Precedent: Skype hid users' IP addresses by default from January 2016 "to help prevent
 * individuals from obtaining a Skype ID and resolving to an IP address" [@Skype2016].
 */
export const ADDRESS_FIELDS = [
  'lastSeenAddress',
  'lastSeenPort',
  'localAddresses',
  'publicAddress',
  'port',
] as const;

/**
 * What may leave the directory, field by field: an allowlist, so a field added to a profile or a
 * presence frame later stays inside until someone decides it may go out.
 */
const PROFILE_FIELDS = ['username', 'displayName', 'online', 'lastSeenAt'] as const;
const PRESENCE_FIELDS = ['username', 'online', 'at'] as const;

function pick<T extends object>(value: T, fields: readonly string[]): T {
  return Object.fromEntries(Object.entries(value).filter(([key]) => fields.includes(key))) as T;
}

export const minimalProfile = (view: ProfileView): ProfileView => pick(view, PROFILE_FIELDS);
export const minimalPresence = (event: PresenceEvent): PresenceEvent => pick(event, PRESENCE_FIELDS);

/** The OpenAPI document of a directory running M1 visibly lacks the address fields. */
export function removeAddressFieldsFromSchema(document: OpenAPIObject): OpenAPIObject {
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    if (!('properties' in schema) || !schema.properties) continue;
    for (const field of ADDRESS_FIELDS) delete schema.properties[field];
    if (schema.required)
      schema.required = schema.required.filter((f) => !(ADDRESS_FIELDS as readonly string[]).includes(f));
  }
  return document;
}

export const M1_DATA_MINIMISATION: Mitigation = {
  id: 'M1',
  title: 'Data minimisation: no network address in any profile, presence or error payload',
  stops: ['L1', 'L2'],
  precedent: 'Skype, January 2016: IP addresses hidden by default [@Skype2016]',
  overrides: (previous) => ({
    // L1 — profile lookup: the profile, without a single address field.
    profileFor: (record, relation) => minimalProfile(previous.profileFor(record, relation)),
    // L2 — presence: the frame says who and whether online, never from where.
    presenceEvent: (record) => minimalPresence(previous.presenceEvent(record)),
  }),
};
