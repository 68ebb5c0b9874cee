import { loadPlan } from './load-plan';
import { generatePersonas } from './population';

describe('generated population', () => {
  const plan = loadPlan();

  it('is reproducible from its seed, and differs with another seed', () => {
    const a = generatePersonas(plan, 50, 7);
    expect(generatePersonas(plan, 50, 7)).toEqual(a);
    expect(generatePersonas(plan, 50, 8)).not.toEqual(a);
  });

  it('gives each generated persona with a home its own public address, inside a residential prefix', () => {
    const personas = generatePersonas(plan, 100);
    const homes = personas.flatMap((p) => (p.networks.home ? [p.networks.home.publicAddress] : []));
    expect(new Set(homes).size).toBe(homes.length);
    for (const address of homes) expect(plan.locate(address)?.prefix.kind).toBe('residential');
    expect(homes).not.toContain('198.51.100.10'); // alice's, taken by the named plan
  });

  it('puts everyone beyond the residential space on mobile data only', () => {
    const personas = generatePersonas(plan, 1000);
    const mobileOnly = personas.filter((p) => !p.networks.home);
    expect(mobileOnly.length).toBeGreaterThan(700);
    expect(mobileOnly.every((p) => p.networks.mobile?.kind === 'mobile')).toBe(true);
    expect(mobileOnly.every((p) => p.routine.every((s) => s.on === 'mobile' || s.on === 'offline'))).toBe(
      true,
    );
  });
});
