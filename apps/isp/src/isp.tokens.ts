/** Injection tokens of one ISP registry instance (several can run in one process, like the directories). */
export const ISP_OPTIONS = Symbol('ISP_OPTIONS');
export const ISP_LOGGER = Symbol('ISP_LOGGER');
/** The support desk's policy (vulnerable or fixed) and where its notices to subscribers go. */
export const DESK_POLICY = Symbol('DESK_POLICY');
export const SUBSCRIBER_INBOX = Symbol('SUBSCRIBER_INBOX');
