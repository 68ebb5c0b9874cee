import type { DeskVariant } from '@lab/isp';
import {
  PretextResult,
  pretextClaimedAuthority,
  pretextEmergency,
  pretextGuessStreet,
  pretextKnownFacts,
} from '../attacks/desk';
import type { Outcome } from './expected-matrix';

/**
 * The last hop's defence matrix: each pretext against the vulnerable and the fixed support desk
 * of a lab ISP, each cell measured. docs/defence-matrix.md shows it below the directory's matrix.
 */
export const DESKS = ['vulnerable', 'fixed'] as const satisfies readonly DeskVariant[];

export const PRETEXTS = ['known-facts', 'guess-street', 'emergency', 'claimed-authority'] as const;
export type PretextName = (typeof PRETEXTS)[number];

export const PRETEXT_INFO: Record<PretextName, { id: string; what: string }> = {
  'known-facts': {
    id: 'P1',
    what: 'claim to be the subscriber; verify with the address and time from the leak and the town from RDAP; ask for the details',
  },
  'guess-street': {
    id: 'P2',
    what: "claim to be a technician; read out a town's streets until the desk says yes",
  },
  emergency: { id: 'P3', what: 'claim to be family; say it is an emergency; ask for the address' },
  'claimed-authority': {
    id: 'P4',
    what: 'claim to be the police; ask for the details, with no lawful request',
  },
};

export const EXPECTED_DESK_MATRIX: Record<PretextName, Record<DeskVariant, Outcome>> = {
  'known-facts': { vulnerable: 'leaked', fixed: 'blocked' },
  'guess-street': { vulnerable: 'leaked', fixed: 'blocked' },
  emergency: { vulnerable: 'leaked', fixed: 'blocked' },
  'claimed-authority': { vulnerable: 'leaked', fixed: 'blocked' },
};

export interface DeskCell {
  pretext: PretextName;
  desk: DeskVariant;
  outcome: Outcome;
  /** The street that leaked, or the fix that stopped the pretext. */
  detail: string;
}

/** The lines the pretexts are about: alice's and carol's home broadband (Northwind). */
const ALICE = { ispId: 'northwind', address: '198.51.100.10' };
const CAROL = { ispId: 'northwind', address: '198.51.100.70' };
const LAKESIDE_AND_OLD_MILL_STREETS = ['Puffin Parade', 'Lamplighter Lane', 'Mill Road'];

/** Runs every pretext against each desk (the registry URL of an ISP instance running it). */
export async function runDeskMatrix(
  desks: Record<DeskVariant, string>,
  onCell: (cell: DeskCell) => void = () => undefined,
): Promise<DeskCell[]> {
  const cells: DeskCell[] = [];
  const at = new Date().toISOString();
  for (const desk of DESKS) {
    const registry = desks[desk];
    const measured: [PretextName, PretextResult][] = [
      ['known-facts', await pretextKnownFacts(registry, { ...ALICE, at }, 'Lakeside')],
      ['guess-street', await pretextGuessStreet(registry, { ...CAROL, at }, LAKESIDE_AND_OLD_MILL_STREETS)],
      ['emergency', await pretextEmergency(registry, { ...ALICE, at })],
      ['claimed-authority', await pretextClaimedAuthority(registry, { ...ALICE, at }, 'police')],
    ];
    for (const [pretext, result] of measured) {
      const street = result.household?.street ?? result.confirmedStreet ?? null;
      const cell: DeskCell = {
        pretext,
        desk,
        outcome: street ? 'leaked' : 'blocked',
        detail: street ?? (result.stoppedBy ? `stopped by ${result.stoppedBy.id}` : 'nothing disclosed'),
      };
      cells.push(cell);
      onCell(cell);
    }
  }
  return cells;
}
