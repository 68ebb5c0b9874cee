import { isIPv4 } from 'node:net';
import { Command } from './commander';
import { enrich } from '../attacks';
import type { Output } from '@lab/cli-kit';
import { AttackCommand, CommonOptions } from './attack-command';

@Command({
  name: 'enrich',
  arguments: '<address>',
  description: "RDAP lookup against the lab's registry: ISP, ASN, city, accuracy radius, abuse contact",
})
export class EnrichCommand extends AttackCommand {
  protected async execute([address]: string[], options: CommonOptions, output: Output) {
    if (!isIPv4(address)) throw new Error(`"${address}" is not an IPv4 address`);
    const result = await enrich(options.registry, address);
    output.record(result, `RDAP for ${address} (${options.registry})`);
    if (result.fallback)
      output.note(
        'No city on record: the location is a country-level default — it points at nobody’s house.',
      );
    if (!result.found) output.note('The registry knows nothing about this address: it is not a lab address.');
    if (result.leaseLog) {
      // The next step: only the ISP's lease log names the subscriber, and only to a lawful request.
      const port = result.leaseLog.includes('port=') ? '&port=<the source port>' : '';
      output.note(
        `Who is behind it: ${result.isp}'s lease log (ISP id ${result.ispId}), with the lawful-request token npm start printed:\n` +
          `  curl -s -H "Authorization: Lawful-Request $TOKEN" \\\n` +
          `    "${new URL(options.registry).host}/isps/${result.ispId}/leases?address=${address}&at=$(date -u +%FT%TZ)${port}"`,
      );
    }
  }
}
