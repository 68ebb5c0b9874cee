/**
 * The ISPs' lease logs: which subscriber held a public address (and, behind carrier-grade NAT,
 * which source port) at which time. The population writes them as its personas move; the ISP
 * registry answers from them, to lawful requests only. Addresses here are simulated ones.
 */
export interface LeaseRecord {
  ispId: string;
  publicAddress: string;
  /** Behind CGNAT: the source port of one translation. Absent for a whole-address lease. */
  port?: number;
  subscriber: string;
  start: string;
  /** Null while the lease or translation is still held. */
  end: string | null;
}

export class LeaseLog {
  private readonly records: LeaseRecord[] = [];

  /** Records that a subscriber starts holding an address (or one CGNAT port of it). */
  open(record: Omit<LeaseRecord, 'end'>): LeaseRecord {
    const entry = { ...record, end: null };
    this.records.push(entry);
    return entry;
  }

  /** Ends a lease or translation (idempotent). */
  close(record: LeaseRecord, at: string = new Date().toISOString()) {
    record.end ??= at;
  }

  /** The leases of an ISP covering `address` at time `at` (and `port`, when given). */
  find(ispId: string, address: string, at: string, port?: number): LeaseRecord[] {
    const time = Date.parse(at);
    return this.records.filter(
      (r) =>
        r.ispId === ispId &&
        r.publicAddress === address &&
        Date.parse(r.start) <= time &&
        (r.end === null || Date.parse(r.end) >= time) &&
        (port === undefined || r.port === undefined || r.port === port),
    );
  }

  all(): readonly LeaseRecord[] {
    return this.records;
  }
}
