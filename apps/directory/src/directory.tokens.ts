/** Injection tokens of a directory instance. */
export const DIRECTORY_OPTIONS = Symbol('DIRECTORY_OPTIONS');
export const DIRECTORY_POLICY = Symbol('DIRECTORY_POLICY');
export const DIRECTORY_LOGGER = Symbol('DIRECTORY_LOGGER');
