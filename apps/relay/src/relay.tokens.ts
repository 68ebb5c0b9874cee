/** Injection tokens of a relay instance. */
export const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');
export const RELAY_LOGGER = Symbol('RELAY_LOGGER');
