import { Writable } from 'node:stream';
import { createLogger } from '@lab/logging';
import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { ADDRESS_LOG_PATHS } from './m6-retention-and-log-hygiene';

function logLine(redact: readonly string[], fields: object): string {
  let line = '';
  const sink = new Writable({ write: (chunk, _e, done) => ((line += chunk.toString()), done()) });
  // The lab's own logger, as the directory builds it from its policy.
  createLogger({ service: 'test', version: '0', redact, destination: sink }).info(fields, 'x');
  return line;
}

describe('M6 retention and log hygiene', () => {
  const m6 = composePolicy(['M6']);

  it('keeps no address history and no last-seen address', () => {
    expect(vulnerablePolicy.keepAddressHistory && vulnerablePolicy.keepLastSeenAddress).toBe(true);
    expect(m6.keepAddressHistory).toBe(false);
    expect(m6.keepLastSeenAddress).toBe(false);
  });

  it('censors every log field the directory writes addresses to', () => {
    const fields = {
      publicAddress: '127.51.100.23',
      port: 50123,
      localAddresses: ['192.168.77.20'],
      candidates: [{ type: 'srflx', address: '127.51.100.23', port: 50123 }],
      req: {
        remoteAddress: '127.51.100.23',
        remotePort: 50123,
        headers: { 'x-forwarded-for': '127.51.100.23' },
      },
    };
    expect(logLine(vulnerablePolicy.logRedactions, fields)).toContain('127.51.100.23');
    const clean = logLine(m6.logRedactions, fields);
    expect(clean).not.toMatch(/127\.51\.100\.23|192\.168\.77\.20|50123/);
    expect(m6.logRedactions).toEqual(ADDRESS_LOG_PATHS);
  });
});
