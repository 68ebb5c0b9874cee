import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/**
 * The citation check behind docs/references.md: every key cited anywhere must be an entry of
 * the bibliography, every entry must be cited somewhere else, and every RFC the lab mentions must
 * have an entry. Pure functions over (path, text) pairs, so the rules can be tried on samples.
 */

export const BIBLIOGRAPHY = 'docs/references.md';

/** A key is a letter followed by letters and digits: `LeBlond2011`, `RFC9083`. */
const KEY = /^[A-Za-z][A-Za-z0-9]*$/;
// Written without the literal opening, so that this file does not cite anything itself.
const CITATION_OPENING = '[' + '@';
const CITATION = /^\[\x40([A-Za-z][A-Za-z0-9]*)\]/;
const cite = (key: string): string => `${CITATION_OPENING}${key}]`;
const RFC_MENTION = /\bRFC[ \u00a0]?(\d{3,5})\b/g;
const REQUIRED_FIELDS = ['**Kind:**', '**Supports:**', '**Figures:**'];

export interface SourceFile {
  /** Repository-relative, with forward slashes. */
  path: string;
  text: string;
}

export interface Citation {
  path: string;
  line: number;
  key: string;
}

export interface BibliographyEntry {
  key: string;
  line: number;
  body: string;
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** Every citation in a text; anything else that opens like one is reported as malformed. */
export function scanCitations(file: SourceFile): { citations: Citation[]; malformed: string[] } {
  const citations: Citation[] = [];
  const malformed: string[] = [];
  let from = 0;
  for (;;) {
    const at = file.text.indexOf(CITATION_OPENING, from);
    if (at < 0) break;
    const match = CITATION.exec(file.text.slice(at));
    const line = lineOf(file.text, at);
    if (match) citations.push({ path: file.path, line, key: match[1] });
    else {
      const excerpt = file.text.slice(at, at + 30).split('\n')[0];
      malformed.push(
        `${file.path}:${line}: malformed citation "${excerpt}" (write ${cite('Key')}, one key per bracket)`,
      );
    }
    from = at + CITATION_OPENING.length;
  }
  return { citations, malformed };
}

/** Entries are the `### Key` headings of the bibliography; each needs its three fields. */
export function parseBibliography(file: SourceFile): { entries: BibliographyEntry[]; problems: string[] } {
  const entries: BibliographyEntry[] = [];
  const problems: string[] = [];
  const lines = file.text.split('\n');
  let current: BibliographyEntry | undefined;
  lines.forEach((text, i) => {
    if (text.startsWith('#')) current = undefined;
    const heading = /^### (.*)$/.exec(text);
    if (heading) {
      const key = heading[1].trim();
      if (!KEY.test(key)) {
        problems.push(
          `${file.path}:${i + 1}: entry heading "${key}" is not a key (a letter, then letters and digits)`,
        );
        return;
      }
      if (entries.some((e) => e.key === key))
        problems.push(`${file.path}:${i + 1}: entry ${key} is defined twice`);
      current = { key, line: i + 1, body: '' };
      entries.push(current);
      return;
    }
    if (current) current.body += `${text}\n`;
  });
  for (const entry of entries) {
    for (const field of REQUIRED_FIELDS) {
      if (!entry.body.includes(field)) {
        problems.push(`${file.path}:${entry.line}: entry ${entry.key} has no ${field} field`);
      }
    }
  }
  return { entries, problems };
}

/**
 * All problems of a repository: citations of unknown keys, malformed citations, entries cited
 * nowhere outside the bibliography, RFCs mentioned without an entry, and badly formed entries.
 * Each message names the file (and line) and the key.
 */
export function checkReferences(files: readonly SourceFile[], bibliographyPath = BIBLIOGRAPHY): string[] {
  const bibliography = files.find((f) => f.path === bibliographyPath);
  if (!bibliography) return [`${bibliographyPath}: the bibliography is missing`];
  const { entries, problems } = parseBibliography(bibliography);
  const defined = new Set(entries.map((e) => e.key));
  const citedOutside = new Set<string>();

  for (const file of files) {
    const { citations, malformed } = scanCitations(file);
    problems.push(...malformed);
    for (const { path, line, key } of citations) {
      if (!defined.has(key))
        problems.push(`${path}:${line}: cites ${cite(key)}, which ${bibliographyPath} does not define`);
      if (path !== bibliographyPath) citedOutside.add(key);
    }
    for (const match of file.text.matchAll(RFC_MENTION)) {
      const key = `RFC${match[1]}`;
      if (!defined.has(key)) {
        problems.push(
          `${file.path}:${lineOf(file.text, match.index)}: mentions RFC ${match[1]}, which has no ${key} entry in ${bibliographyPath}`,
        );
      }
    }
  }
  for (const entry of entries) {
    if (!citedOutside.has(entry.key)) {
      problems.push(
        `${bibliographyPath}:${entry.line}: entry ${entry.key} is cited nowhere outside the bibliography`,
      );
    }
  }
  return problems;
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'coverage', 'data']);
const SCANNED_EXTENSIONS = new Set(['.md', '.ts', '.js', '.mjs', '.cjs', '.yaml', '.yml', '.html', '.css']);

/**
 * The repository's own text files: docs, README, apps, libs, test, bench and anything added
 * beside them; never dependencies, build output, run-time data or hidden directories (.git).
 */
export function readRepository(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      } else if (entry.isFile() && SCANNED_EXTENSIONS.has(extname(entry.name))) {
        files.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return files;
}
