import { Injectable } from '@nestjs/common';
import { AddressPlan, LeaseLog } from '@lab/address-plan';
import { ErrorCode } from '@lab/protocol';
import { IspError } from '../common/isp-error';
import { locateInIsp } from '../common/lab-address';
import type { LeaseAnswer, LeaseQueryDto } from './lease-query.dto';

/**
 * The ISPs' side of "from an IP address to a person": an address and a time (and, behind
 * carrier-grade NAT, a source port) become a subscriber's name. Only the lawful-request guard
 * in front of the controller stands between this and anyone who asks.
 */
@Injectable()
export class LeasesService {
  constructor(
    private readonly plan: AddressPlan,
    private readonly leases: LeaseLog,
  ) {}

  lookup(ispId: string, query: LeaseQueryDto): LeaseAnswer {
    const located = locateInIsp(this.plan, ispId, query.address, 'GET /isps/{ispId}/leases');
    const isp = located.isp;
    // Thousands share one CGN address [@Europol2017]; the port and an exact time are what a server
    // must log to tell them apart [@RFC6302].
    if (located.prefix.kind === 'cgnat' && query.port === undefined) {
      throw new IspError(422, ErrorCode.PortRequired, [
        `${located.address} is a carrier-grade NAT address: thousands of ${isp.name} subscribers can share it at the same moment (Europol, 2017).`,
        'Only the source port, at the exact time, singles out one of them, which is why servers should log it (RFC 6302): add &port=<the port it was seen with>.',
      ]);
    }
    const at = new Date(query.at).toISOString();
    const records = this.leases.find(isp.id, located.address, at, query.port);
    return {
      ispId: isp.id,
      address: located.address,
      at,
      ...(query.port !== undefined && { port: query.port }),
      subscribers: records.map((r) => ({
        subscriber: r.subscriber,
        start: r.start,
        end: r.end,
        ...(r.port !== undefined && { port: r.port }),
      })),
    };
  }
}
