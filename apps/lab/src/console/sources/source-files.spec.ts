import { mkdirSync, symlinkSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_MITIGATIONS, DirectoryPolicy } from '@lab/directory';
import { SourceFiles, findSourceRoot, hookSource, overriddenHooks } from './source-files';

/** A stand-in for the policy a mitigation refines: every hook answers an empty list, enough to build the overrides. */
const anyPolicy = new Proxy({}, { get: () => [] }) as unknown as DirectoryPolicy;

describe('SourceFiles', () => {
  const sources = new SourceFiles();

  it('finds the repository it runs from', () => {
    expect(findSourceRoot()).toBeDefined();
  });

  it("reads each mitigation's overridden hooks from its file: the same hooks its code overrides", () => {
    const fixes = sources.fixes();
    expect(fixes.map((f) => f.id)).toEqual(ALL_MITIGATIONS.map((m) => m.id));
    for (const mitigation of ALL_MITIGATIONS) {
      const fix = fixes.find((f) => f.id === mitigation.id)!;
      expect({ id: fix.id, hooks: fix.replaces.map((r) => r.hook).sort() }).toEqual({
        id: mitigation.id,
        hooks: Object.keys(mitigation.overrides(anyPolicy)).sort(),
      });
      expect(fix.code).toContain(`id: '${mitigation.id}'`);
    }
  });

  it('cuts each replaced hook out of the vulnerable policy, with its comment, and nothing of the next hook', () => {
    const m2 = sources.fixes().find((f) => f.id === 'M2')!;
    const visible = m2.replaces.find((r) => r.hook === 'presenceVisibleTo')!;
    expect(visible.file).toBe('apps/directory/src/policy/vulnerable.policy.ts');
    expect(visible.code).toMatch(/^\/\/ L2 — presence subscription/);
    expect(visible.code).toContain('presenceVisibleTo: () => true,');
    expect(visible.code).not.toContain('presenceEvent');
    const policy = sources.read('apps/directory/src/policy/vulnerable.policy.ts').code;
    expect(hookSource(policy, 'presenceEvent')).toMatch(
      /^presenceEvent\(record: PresenceRecord\): PresenceEvent \{[\s\S]*\n\},$/,
    );
    expect(hookSource(policy, 'noSuchHook')).toBeUndefined();
    expect(overriddenHooks('export const x = 1;')).toEqual([]);
  });

  it('serves allowlisted files and refuses anything else', () => {
    expect(sources.read('apps/resolver/src/attacks/resolve.ts').code).toContain(
      'export async function resolveUser',
    );
    expect(sources.list()).toContain('apps/directory/src/mitigations/m1-data-minimisation.ts');
    expect(sources.list().some((p) => p.endsWith('.spec.ts'))).toBe(false);
    for (const path of [
      '../package.json',
      'apps/resolver/src/attacks/../../../../package.json',
      'apps/resolver/src/attacks/./resolve.ts',
      '/etc/passwd',
      'apps/resolver/src/attacks/%2e%2e/resolve.ts',
      'apps/lab/src/config/lab.config.ts',
      'apps/directory/src/mitigations/m1-data-minimisation.spec.ts',
      'apps/resolver/src/attacks/missing.ts',
      'apps/resolver/src/attacks',
      '',
    ])
      expect(() => sources.read(path)).toThrow(expect.objectContaining({ code: 'source_not_allowed' }));
  });

  describe('in a repository of its own', () => {
    const root = mkdtempSync(join(tmpdir(), 'lastseen-lab-sources-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('refuses a symbolic link in an allowlisted folder, and serves the regular file beside it', () => {
      const policyDir = join(root, 'apps/directory/src/policy');
      mkdirSync(policyDir, { recursive: true });
      writeFileSync(join(policyDir, 'vulnerable.policy.ts'), 'export const vulnerablePolicy = {};\n');
      writeFileSync(join(root, 'secret.txt'), 'not for the console\n');
      symlinkSync(join(root, 'secret.txt'), join(policyDir, 'leak.policy.ts'));
      const own = new SourceFiles(root);
      expect(() => own.read('apps/directory/src/policy/leak.policy.ts')).toThrow(
        expect.objectContaining({ code: 'source_not_allowed' }),
      );
      expect(own.list()).toEqual(['apps/directory/src/policy/vulnerable.policy.ts']);
      expect(own.read('apps/directory/src/policy/vulnerable.policy.ts').code).toContain('vulnerablePolicy');
    });

    it('keeps a symbolic link named like a mitigation out of the fixes, and serves the real mitigation beside it', () => {
      const mitigationsDir = join(root, 'apps/directory/src/mitigations');
      mkdirSync(mitigationsDir, { recursive: true });
      writeFileSync(join(root, 'evil-secret.txt'), 'EVIL: not for the console\n');
      // M1 exists, so before the shared read path this link's target was served as M1's code.
      symlinkSync(join(root, 'evil-secret.txt'), join(mitigationsDir, 'm1-evil.ts'));
      symlinkSync(join(root, 'evil-secret.txt'), join(mitigationsDir, 'm9-evil.ts'));
      writeFileSync(join(mitigationsDir, 'm2-real.ts'), "export const M2 = { id: 'M2' };\n");
      const own = new SourceFiles(root);
      const fixes = own.fixes();
      expect(fixes.find((f) => f.id === 'M1')).toMatchObject({ file: null, code: '' });
      expect(fixes.find((f) => f.id === 'M2')).toMatchObject({
        file: 'apps/directory/src/mitigations/m2-real.ts',
        code: "export const M2 = { id: 'M2' };\n",
      });
      expect(JSON.stringify(fixes)).not.toContain('EVIL');
      for (const name of ['m1-evil.ts', 'm9-evil.ts'])
        expect(() => own.read(`apps/directory/src/mitigations/${name}`)).toThrow(
          expect.objectContaining({ code: 'source_not_allowed' }),
        );
      expect(own.read('apps/directory/src/mitigations/m2-real.ts').code).toContain("id: 'M2'");
    });

    it('says the sources are absent when the lab runs from a build without them', () => {
      const empty = new SourceFiles(join(root, 'nothing-here'));
      for (const call of [
        () => empty.fixes(),
        () => empty.list(),
        () => empty.read('apps/resolver/src/attacks/resolve.ts'),
      ])
        expect(call).toThrow(expect.objectContaining({ code: 'sources_absent' }));
    });
  });
});
