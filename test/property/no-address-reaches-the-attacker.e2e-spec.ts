import fc from 'fast-check';
import { ACTIONS, SharedDirectory, runSequence } from '../support/directory-actions';

// The fixed directory's promise as a property: whatever lab users and an attacker do, in any
// order (register, log in, look up, subscribe, contact request/accept/decline/remove, call
// invite/ringing/candidates/accept/reject/cancel/hangup, log out, reconnect from another network),
// no byte the attacker receives (bodies, headers, frames, errors) holds another user's address,
// and the directory never answers 5xx. Real directory on loopback, real sockets from each user's
// own loopback address. On failure fast-check prints the seed and the shrunk sequence; replay it
// with PROPERTY_SEED=<seed> (and PROPERTY_PATH=<path>).

/** Sequences per run of `npm test`; raise it for a longer search (PROPERTY_RUNS=100000). */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);
/** The most actions in one sequence (fast-check picks the length, and shrinks it). */
const MAX_ACTIONS = Number(process.env.PROPERTY_MAX_ACTIONS ?? 8);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const PATH = process.env.PROPERTY_PATH;

const sequences = fc.commands(ACTIONS, { maxCommands: MAX_ACTIONS });

describe('property: no address of another user reaches the attacker', () => {
  it(
    `holds for the fixed directory over ${RUNS} random sequences`,
    async () => {
      const shared = new SharedDirectory('all');
      const started = Date.now();
      try {
        await fc.assert(
          fc.asyncProperty(sequences, (actions) => runSequence(shared, actions)),
          { numRuns: RUNS, seed: SEED, path: PATH, endOnFailure: false, verbose: 1 },
        );
      } finally {
        await shared.close();
        console.log(
          `${RUNS} sequences in ${((Date.now() - started) / 1000).toFixed(1)} s, ${shared.restarts} directories`,
        );
      }
    },
    60 * 60_000,
  );

  it('fails for the vulnerable directory: the checker can find a leak, and shrinks it', async () => {
    const shared = new SharedDirectory([]);
    try {
      const result = await fc.check(
        fc.asyncProperty(sequences, (actions) => runSequence(shared, actions)),
        { numRuns: 200, seed: 2011 },
      );
      expect(result.failed).toBe(true);
      expect(String(result.errorInstance)).toMatch(
        /the attacker received (127|10)\.\d+\.\d+\.\d+, an address of (alice|bob)\d+/,
      );
      // The shrunk counterexample is short: a single action can leak in the vulnerable directory.
      expect(result.counterexample).not.toBeNull();
      expect(String(result.counterexample![0]).split(',').length).toBeLessThanOrEqual(2);
    } finally {
      await shared.close();
    }
  }, 120_000);
});
