import { Injectable } from '@nestjs/common';
import { AddressPlan } from '@lab/address-plan';
import { ErrorCode } from '@lab/protocol';
import { IspError } from '../common/isp-error';
import { locateLabAddress } from '../common/lab-address';
import { RdapContext, autnum, help, ipNetwork } from './rdap-objects';
import type { RdapAutnum, RdapHelp, RdapIpNetwork } from './rdap.types';

/** The registry: answers RDAP queries [@RFC9082] about the lab's networks from the address plan. */
@Injectable()
export class RdapService {
  constructor(private readonly plan: AddressPlan) {}

  /** `/ip/<address>` or `/ip/<prefix>/<length>`: the lab network holding that address or block. */
  network(address: string, length: string | undefined, context: RdapContext): RdapIpNetwork {
    const located = locateLabAddress(this.plan, address);
    if (length !== undefined) {
      const bits = /^\d{1,2}$/.test(length) ? Number(length) : NaN;
      if (Number.isNaN(bits) || bits > 32) {
        throw new IspError(400, ErrorCode.ValidationFailed, [
          `"${length.slice(0, 20)}" is not a prefix length.`,
          'Write it as a number from 0 to 32, as in /ip/198.51.100.0/26.',
        ]);
      }
      // A block query: the most specific network that holds the whole block (the lab's choice;
      // RFC 9082 defines the query, not the pick); the lab has none wider.
      if (bits < located.prefix.cidr.bits) {
        throw new IspError(404, ErrorCode.AddressOutsideLab, [
          `No lab network holds all of ${address}/${bits}.`,
          `The network of ${located.address} is ${located.prefix.cidr.text}: ask for /ip/${located.address}.`,
        ]);
      }
    }
    return ipNetwork(located.isp, located.prefix, context);
  }

  /** `/autnum/<number>`: an ISP of the lab by its (documentation) AS number. */
  autnum(raw: string, context: RdapContext): RdapAutnum {
    const known = this.plan.isps.map((isp) => `AS${isp.asn}`).join(', ');
    if (!/^\d{1,10}$/.test(raw)) {
      throw new IspError(400, ErrorCode.ValidationFailed, [
        `"${raw.slice(0, 20)}" is not an AS number.`,
        `Write the number alone, as in /autnum/${this.plan.isps[0].asn}. The lab's are ${known}.`,
      ]);
    }
    const isp = this.plan.isps.find((i) => i.asn === Number(raw));
    if (!isp) {
      throw new IspError(404, ErrorCode.AutnumNotFound, [
        `AS${raw} is not one of the lab's ISPs: this registry knows only the lab's documentation AS numbers (RFC 5398).`,
        `The lab's are ${known}.`,
      ]);
    }
    return autnum(isp, context);
  }

  help(context: RdapContext): RdapHelp {
    return help(context);
  }
}
