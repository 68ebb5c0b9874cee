/** Injection tokens of one ISP registry instance (several can run in one process, like the directories). */
export const ISP_OPTIONS = Symbol('ISP_OPTIONS');
export const ISP_LOGGER = Symbol('ISP_LOGGER');
