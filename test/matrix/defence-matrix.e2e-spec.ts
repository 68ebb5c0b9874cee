import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPLEMENTED_MITIGATION_IDS, MitigationId } from '@lab/directory';
import {
  CONFIGURATIONS,
  Cell,
  EXPECTED_DESK_MATRIX,
  EXPECTED_MATRIX,
  renderDefenceMatrix,
  runDeskMatrix,
  runMatrix,
} from '@lab/resolver';
import { startTestIsp } from '../support/isp-desk';
import { startTestDirectory } from '../support/lab-harness';

// The whole defence matrix, measured: every attack against a fresh directory of every
// configuration, each cell compared with the table the docs are generated from.

describe('the defence matrix', () => {
  it('matches the expected table in every cell', async () => {
    const cells: Cell[] = await runMatrix(
      (mitigations) => startTestDirectory(mitigations as MitigationId[]),
      [...IMPLEMENTED_MITIGATION_IDS],
      undefined,
      CONFIGURATIONS.filter(
        (c) =>
          c === 'vulnerable' ||
          c === 'fixed' ||
          (IMPLEMENTED_MITIGATION_IDS as readonly string[]).includes(c),
      ),
    );
    const measured = cells.map((c) => `${c.attack} × ${c.configuration}: ${c.outcome}`);
    const expected = cells.map(
      (c) => `${c.attack} × ${c.configuration}: ${EXPECTED_MATRIX[c.attack][c.configuration]}`,
    );
    expect(measured).toEqual(expected);
    // Every attack really ran against the vulnerable directory and leaked there.
    expect(cells.filter((c) => c.configuration === 'vulnerable').every((c) => c.outcome === 'leaked')).toBe(
      true,
    );
  }, 120_000);

  it('matches the expected table for the last hop: every pretext against both support desks', async () => {
    const vulnerable = await startTestIsp('vulnerable');
    const fixed = await startTestIsp('fixed');
    try {
      const cells = await runDeskMatrix({ vulnerable: vulnerable.url, fixed: fixed.url });
      expect(cells.map((c) => `${c.pretext} × ${c.desk}: ${c.outcome}`)).toEqual(
        cells.map((c) => `${c.pretext} × ${c.desk}: ${EXPECTED_DESK_MATRIX[c.pretext][c.desk]}`),
      );
      expect(cells).toHaveLength(8);
      // What leaked is the exact street on file; what was stopped names the fix.
      expect(cells.filter((c) => c.desk === 'vulnerable').map((c) => c.detail)).toEqual([
        '12 Lamplighter Lane',
        'Mill Road',
        '12 Lamplighter Lane',
        '12 Lamplighter Lane',
      ]);
      expect(cells.filter((c) => c.desk === 'fixed').map((c) => c.detail)).toEqual([
        'stopped by D1',
        'stopped by D1',
        'stopped by D2',
        'stopped by D2',
      ]);
    } finally {
      await vulnerable.close();
      await fixed.close();
    }
  });

  it('is documented in docs/defence-matrix.md, generated from the same table', () => {
    const docs = readFileSync(join(__dirname, '../../docs/defence-matrix.md'), 'utf8');
    expect(docs).toBe(renderDefenceMatrix());
  });
});
