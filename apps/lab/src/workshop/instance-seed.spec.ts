import { InstanceSeed } from './instance-seed';
import { ExerciseProgress, HistoryEntry, ProgressStore } from './progress.store';

/** The meta table only: what InstanceSeed reads and writes. */
class MetaOnlyStore extends ProgressStore {
  readonly values = new Map<string, string>();
  meta = (key: string) => this.values.get(key);
  setMeta = (key: string, value: string) => void this.values.set(key, value);
  progress = (exercise: string): ExerciseProgress => ({
    exercise,
    openedAt: null,
    solvedAt: null,
    attempts: 0,
    hintsRevealed: 0,
  });
  allProgress = () => [];
  saveProgress = () => undefined;
  caseOf = () => undefined;
  saveCase = () => undefined;
  deleteCase = () => undefined;
  record = (_entry: HistoryEntry) => undefined;
  history = () => [];
  replaceProgress = () => undefined;
  close = () => undefined;
}

describe('InstanceSeed', () => {
  it('makes a seed at the first open and keeps it', () => {
    const store = new MetaOnlyStore();
    const first = InstanceSeed.open(store);
    expect(store.values.get('seed')).toMatch(/^[0-9a-f]{32}$/);
    const again = InstanceSeed.open(store);
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(again.index('target:x', 1000)).toBe(first.index('target:x', 1000));
  });

  it('lets LAB_SEED override the kept seed without overwriting it', () => {
    const store = new MetaOnlyStore();
    const kept = InstanceSeed.open(store);
    const overridden = InstanceSeed.open(store, '2011');
    expect(overridden.fingerprint).not.toBe(kept.fingerprint);
    expect(InstanceSeed.open(new MetaOnlyStore(), '2011').fingerprint).toBe(overridden.fingerprint);
    expect(InstanceSeed.open(store).fingerprint).toBe(kept.fingerprint);
  });

  it('draws differently for different keys and seeds, and within range', () => {
    const a = InstanceSeed.open(new MetaOnlyStore(), '1');
    const b = InstanceSeed.open(new MetaOnlyStore(), '2');
    const draws = (s: InstanceSeed) => Array.from({ length: 20 }, (_, i) => s.index(`k${i}`, 5));
    expect(draws(a)).not.toEqual(draws(b));
    expect(draws(a).every((n) => n >= 0 && n < 5)).toBe(true);
    expect(new Set(draws(a)).size).toBeGreaterThan(1);
    const sample = a.sample('s', ['p', 'q', 'r', 's', 't'], 3);
    expect(new Set(sample).size).toBe(3);
    expect(() => a.index('empty', 0)).toThrow(/nothing to draw/);
    // A derived draw (after a reset) differs from the instance's own, and is stable.
    expect(draws(a.derive('x#1'))).not.toEqual(draws(a));
    expect(draws(a.derive('x#1'))).toEqual(draws(a.derive('x#1')));
  });
});
