import { join, relative } from 'node:path';
import { BIBLIOGRAPHY, checkReferences, readRepository, scanCitations, type SourceFile } from './references';

// Citations are assembled here rather than written out, so this file's samples are not read as
// citations of the repository itself.
const cite = (key: string): string => '[' + '@' + key + ']';
const rfc = (n: number): string => `RFC ${n}`;
const rfcKey = (n: number): string => 'RFC' + n;

const ENTRY = (key: string): string =>
  `### ${key}\n\nA source.\n\n- **Kind:** paper.\n- **Supports:** something.\n- **Figures:** none.\n`;
const sample = (files: Record<string, string>): SourceFile[] =>
  Object.entries(files).map(([path, text]) => ({ path, text }));

describe('the citation check', () => {
  const good = sample({
    [BIBLIOGRAPHY]: `# References\n\n## Papers\n\n${ENTRY('Known2011')}\n${ENTRY('RFC5737')}`,
    'docs/a.md': `As shown before ${cite('Known2011')}; addresses from ${rfc(5737)} ${cite('RFC5737')}.`,
  });

  it('accepts a repository whose citations and entries match', () => {
    expect(checkReferences(good)).toEqual([]);
  });

  it('reports a cited key that the bibliography lacks, naming the file, line and key', () => {
    const files = [
      ...good,
      { path: 'apps/x/src/m9.ts', text: `// one\n// Precedent: ${cite('NoSuchSource1999')}\n` },
    ];
    expect(checkReferences(files)).toEqual([
      `apps/x/src/m9.ts:2: cites ${cite('NoSuchSource1999')}, which ${BIBLIOGRAPHY} does not define`,
    ]);
  });

  it('reports an entry that nothing outside the bibliography cites', () => {
    const files = good.map((f) =>
      f.path === BIBLIOGRAPHY
        ? { ...f, text: `${f.text}\n${ENTRY('Orphan2020')}\nSee ${cite('Orphan2020')}.\n` }
        : f,
    );
    expect(checkReferences(files)).toEqual([
      `${BIBLIOGRAPHY}:21: entry Orphan2020 is cited nowhere outside the bibliography`,
    ]);
  });

  it('reports a malformed citation instead of skipping it', () => {
    const files = [...good, { path: 'README.md', text: `Two at once ${cite('Known2011; @Other')} here.` }];
    expect(checkReferences(files)).toEqual([
      `README.md:1: malformed citation "${cite('Known2011; @Other')} here." (write ${cite('Key')}, one key per bracket)`,
    ]);
  });

  it('reports an RFC mentioned without an entry', () => {
    const files = [...good, { path: 'libs/y.ts', text: `/** ${rfc(1234)} says so. */` }];
    expect(checkReferences(files)).toEqual([
      `libs/y.ts:1: mentions ${rfc(1234)}, which has no ${rfcKey(1234)} entry in ${BIBLIOGRAPHY}`,
    ]);
  });

  it('reports an entry without its fields, and a heading that is not a key', () => {
    const files = good.map((f) =>
      f.path === BIBLIOGRAPHY
        ? { ...f, text: `${f.text}\n### Not a key\n\n### Bare2001\n\nNo fields.\n` }
        : f,
    );
    const problems = checkReferences([...files, { path: 'docs/b.md', text: cite('Bare2001') }]);
    expect(problems).toEqual([
      `${BIBLIOGRAPHY}:21: entry heading "Not a key" is not a key (a letter, then letters and digits)`,
      `${BIBLIOGRAPHY}:23: entry Bare2001 has no **Kind:** field`,
      `${BIBLIOGRAPHY}:23: entry Bare2001 has no **Supports:** field`,
      `${BIBLIOGRAPHY}:23: entry Bare2001 has no **Figures:** field`,
    ]);
  });
});

describe('the references of this repository', () => {
  const root = join(__dirname, '../..');
  const files = readRepository(root);
  const self = relative(root, __filename).split('\\').join('/');

  it('reads the places that cite: docs, README, code comments and precedent strings', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        BIBLIOGRAPHY,
        'README.md',
        'docs/mitigations.md',
        'docs/lab-world.md',
        'apps/directory/src/policy/vulnerable.policy.ts',
        'apps/directory/src/mitigations/m4-relay-calls.ts',
        'libs/address-plan/src/plan/lab-plan.yaml',
        self,
      ]),
    );
    expect(paths.some((p) => p.startsWith('node_modules/') || p.startsWith('dist/'))).toBe(false);
    const m4 = files.find((f) => f.path === 'apps/directory/src/mitigations/m4-relay-calls.ts');
    expect(scanCitations(m4!).citations.map((c) => c.key)).toContain('SignalAndroidIncomingCall');
  });

  it('cites only sources of docs/references.md, cites every one of them, and names every RFC', () => {
    expect(checkReferences(files)).toEqual([]);
  });

  // Claims that were corrected (issue table): the claim, a pattern for its old wording, and the old
  // wording itself as it stood in the repository, which the pattern must recognise.
  const RETRACTED: Array<[string, RegExp, string]> = [
    [
      'a persona behaves like a 2011 Skype client (no source describes its timing)',
      /like a 2011 Skype/i,
      "On an incoming call a persona's client behaves like a 2011 Skype client or an eager ICE agent",
    ],
    [
      "callees answer with candidates before the ring, per Le Blond et al. (that is the lab's mechanism)",
      /before its user has seen a ring, so a caller who hangs up quickly learns the address and leaves no trace \(Le Blond/i,
      '// answers an invite with its candidates before its user has seen a ring, so a caller who\n  // hangs up quickly learns the address and leaves no trace (Le Blond et al., IMC 2011).',
    ],
    [
      'resolver sites cached addresses for days (only caching is sourced)',
      /cached addresses for days/i,
      ' * 2016; GDPR Recital 30); resolver sites cached addresses for days ("Cached Result").',
    ],
    [
      'Skype "5.x" received the data for peer-to-peer set-up (5.5; the purpose is an inference)',
      /Skype\s+5\.x/i,
      "// the user's client last connected from, and the LAN addresses it reported: the data a Skype\n  // 5.x client received for peer-to-peer set-up and wrote to its debug log (2012).",
    ],
    [
      'Signal relays anyone not in your contacts (older code; today: not trusted)',
      /relays calls from anyone not in your contacts/i,
      '**Precedent.** Signal relays calls from anyone not in your contacts',
    ],
    [
      'host candidates carry LAN addresses (mDNS names since Chrome 76)',
      /"?host"? candidates\s+carry LAN addresses/i,
      'In WebRTC the same data are ICE candidates: "host" candidates\ncarry LAN addresses, "srflx" the public one',
    ],
    [
      'Telegram shows strangers a coarse "recently" (users choose who sees what)',
      /Telegram shows (strangers|others) only a coarse/i,
      '; Telegram shows strangers only a coarse "recently".',
    ],
    [
      'WhatsApp shows last seen to contacts only (people talked to or saved)',
      /WhatsApp "last seen" for contacts only/i,
      'precedent: \'WhatsApp "last seen" for contacts only; Telegram\\\'s coarse "recently"\',',
    ],
    [
      'IP addresses are personal data, unconditionally (Breyer: when the operator can identify)',
      /IP addresses are personal data(?!,? when)(?! for an operator)/i,
      '// restarts, and addresses are logged in clear. IP addresses are personal data (CJEU C-582/14).',
    ],
    [
      'RDAP queries of RFC 7482 (obsoleted by RFC 9082)',
      /RFC 7482 (queries|paths)|RFC 7482[:)]/,
      'RDAP (RFC 7482 queries, RFC 9083 JSON answers), media type',
    ],
    [
      'the Court annulled Directive 2006/24 (declared it invalid)',
      /annulled/i,
      'Directive 2006/24 required 6 to 24 months until the Court of Justice annulled it on 8 April 2014.',
    ],
    [
      'port and time single one out, per Europol (RFC 6302 advises logging them)',
      /single one out \(Europol/i,
      "'Only the source port and the exact time single one out (Europol, 2017).',",
    ],
  ];
  // Comment markers and line breaks removed, so a claim wrapped over comment lines is one sentence.
  const prose = (text: string): string => text.replace(/\n\s*(\/\/|\*|#)?\s*/g, ' ');

  it.each(RETRACTED)('no longer claims that %s', (_claim, pattern, oldWording) => {
    expect(pattern.test(prose(oldWording))).toBe(true);
    const hits = files
      .filter((f) => f.path !== self)
      .filter((f) => pattern.test(prose(f.text)))
      .map((f) => f.path);
    expect(hits).toEqual([]);
  });
});
