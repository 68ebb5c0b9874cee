/** Input rules shared by the directory (which enforces them) and its clients (which can check early). */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const USERNAME_RULE =
  '2 to 32 characters: lower-case letters, digits, dot, dash or underscore, starting with a letter or digit';
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const DISPLAY_NAME_MAX_LENGTH = 64;
/** How many LAN addresses a client may report (a laptop with wifi, ethernet and a VPN has three). */
export const MAX_LOCAL_ADDRESSES = 8;
export const MAX_CANDIDATES = 16;
/** Largest HTTP body and WebSocket frame the directory accepts. */
export const MAX_HTTP_BODY_BYTES = 16 * 1024;
export const MAX_WS_FRAME_BYTES = 16 * 1024;
