/**
 * The logger a client writes to: any pino logger fits. The client logs, at debug level, every
 * address it receives — like the Skype 5.5 client whose debug log gave resolvers their data
 * (`…-r<public addr:port>-l<LAN addr:port>`) [@SkypeDebugLog2012]. Hiding an address in the UI is
 * not hiding it.
 */
export interface ClientLogger {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export const silentLogger: ClientLogger = { debug: () => undefined, warn: () => undefined };
