import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { ALL_MITIGATIONS } from '@lab/directory';
import { ConsoleError, ConsoleErrorCode } from '../console-errors';

/** The lab's code: the repository (running from sources) or dist/ (the build: no .ts files there). */
const CODE_ROOT = join(__dirname, '..', '..', '..', '..', '..');
const VULNERABLE_POLICY = 'apps/directory/src/policy/vulnerable.policy.ts';

/**
 * The folders whose files the console may show: the attacks, the attacker's cache (reverse
 * lookups), the policy, the mitigations and the protocol profiles. Nothing else of the repository
 * (no configuration, no data folder, no tests' fixtures) is ever read for a client.
 */
export const SOURCE_FOLDERS = [
  'apps/resolver/src/attacks',
  'apps/resolver/src/cache',
  'apps/directory/src/policy',
  'apps/directory/src/mitigations',
  'apps/directory/src/protocol-profiles',
] as const;

/** A file name as the lab writes them: lower case, dashes and dots, TypeScript; no spec, no test helper. */
const FILE_NAME = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.ts$/;
const NOT_SHOWN = /\.spec\.ts$|^test-records\.ts$/;
const MAX_PATH = 200;

/** The repository the lab runs from, when its sources are there (the Docker image ships dist/ only). */
export function findSourceRoot(): string | undefined {
  return [CODE_ROOT, dirname(CODE_ROOT)].find((dir) => existsSync(join(dir, VULNERABLE_POLICY)));
}

/** Reads repository files for the console: only the allowlisted ones, at request time. */
export class SourceFiles {
  private readonly root: string | undefined;

  /** `root`: the repository (found from the running code by default); one without the sources counts as absent. */
  constructor(root: string | undefined = findSourceRoot()) {
    this.root = root && existsSync(join(root, VULNERABLE_POLICY)) ? root : undefined;
  }

  /** Every file the console may show, as repository paths (sorted). */
  list(): string[] {
    const root = this.requireRoot();
    return SOURCE_FOLDERS.flatMap((folder) => {
      const dir = join(root, folder);
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((name) => FILE_NAME.test(name) && !NOT_SHOWN.test(name))
        .filter((name) => lstatSync(join(dir, name)).isFile())
        .map((name) => `${folder}/${name}`);
    }).sort();
  }

  /**
   * One allowlisted file. The path must be exactly `<folder>/<name>` with a folder of the list
   * and a name the folder holds as a regular file: `..`, `./`, absolute paths, encodings and
   * symbolic links (which could point anywhere) are all refused before anything is opened.
   */
  read(path: string): { path: string; code: string } {
    const refuse = (why: string): never => {
      throw new ConsoleError(
        400,
        ConsoleErrorCode.SourceNotAllowed,
        `${why} The console shows only the attacks, the policy, the mitigations and the protocol profiles: GET /console/api/source lists them.`,
      );
    };
    if (typeof path !== 'string' || !path) return refuse('Give the file as ?path=<repository path>.');
    if (path.length > MAX_PATH) return refuse('That path is too long.');
    const folder = SOURCE_FOLDERS.find((f) => dirname(path) === f);
    const name = basename(path);
    if (!folder || `${folder}/${name}` !== path || !FILE_NAME.test(name) || NOT_SHOWN.test(name))
      return refuse(`"${path.slice(0, 80)}" is not a file the console shows.`);
    const code = this.readAllowed(folder, name);
    if (code === undefined) return refuse(`"${path}" is not a file the console shows.`);
    return { path, code };
  }

  /**
   * Each mitigation's file beside the hooks of the vulnerable policy it replaces, both cut from
   * the source files as they are now.
   */
  fixes() {
    const root = this.requireRoot();
    const policy = readFileSync(join(root, VULNERABLE_POLICY), 'utf8');
    const folder = 'apps/directory/src/mitigations';
    const files = readdirSync(join(root, folder));
    return ALL_MITIGATIONS.map((mitigation) => {
      // Through the same checks as read(): a link named like a mitigation is not one.
      let found: { name: string; code: string } | undefined;
      for (const name of files.filter((f) => f.startsWith(`${mitigation.id.toLowerCase()}-`))) {
        const code = this.readAllowed(folder, name);
        if (code !== undefined) {
          found = { name, code };
          break;
        }
      }
      const file = found ? `${folder}/${found.name}` : null;
      const code = found?.code ?? '';
      return {
        id: mitigation.id,
        title: mitigation.title,
        stops: mitigation.stops,
        file,
        code,
        replaces: overriddenHooks(code).map((hook) => ({
          hook,
          file: VULNERABLE_POLICY,
          code: hookSource(policy, hook) ?? `// ${hook}: not found in ${VULNERABLE_POLICY}`,
        })),
      };
    });
  }

  /**
   * The one way a file reaches a client: a name of the lab's form, a regular file (lstat: a
   * symbolic link is not one), and, resolved, still inside its allowlisted folder. Undefined otherwise.
   */
  private readAllowed(folder: (typeof SOURCE_FOLDERS)[number], name: string) {
    if (!FILE_NAME.test(name) || NOT_SHOWN.test(name)) return undefined;
    const root = this.requireRoot();
    const file = join(root, folder, name);
    try {
      if (!lstatSync(file).isFile()) return undefined;
      if (!realpathSync(file).startsWith(realpathSync(join(root, folder)) + sep)) return undefined;
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  private requireRoot(): string {
    if (!this.root)
      throw new ConsoleError(
        404,
        ConsoleErrorCode.SourcesAbsent,
        "This lab runs from a build without its source files (the Docker image ships dist/ only): the code is in the repository's apps/ folder. Run the lab from the repository (npm start) to see it here.",
      );
    return this.root;
  }
}

/** The hooks a mitigation file overrides: the keys of the object its `overrides: (previous) => ({…})` returns. */
export function overriddenHooks(source: string): string[] {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => /^\s*overrides:\s*\(\w*\)\s*=>\s*\(\{\s*$/.test(line));
  if (start < 0) return [];
  const indent = /^\s*/.exec(lines[start])![0].length + 2;
  const hooks: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const lead = /^\s*/.exec(line)![0].length;
    if (line.trim() && lead < indent) break;
    const key = lead === indent ? /^\s*(\w+)\s*[:(]/.exec(line) : null;
    if (key && !hooks.includes(key[1])) hooks.push(key[1]);
  }
  return hooks;
}

/**
 * A hook of the vulnerable policy, with the comment above it: from the comment (or the hook) to
 * the line before the next comment or hook at the same depth.
 */
export function hookSource(policy: string, hook: string): string | undefined {
  const lines = policy.split('\n');
  const at = lines.findIndex((line) => new RegExp(`^  (async )?${hook}\\s*[:(]`).test(line));
  if (at < 0) return undefined;
  let from = at;
  while (from > 0 && /^ {2}\/\//.test(lines[from - 1])) from--;
  let to = at + 1;
  while (to < lines.length && !/^ {2}(\/\/|[\w]+\s*[:(]|async )/.test(lines[to]) && !/^\S/.test(lines[to]))
    to++;
  return lines
    .slice(from, to)
    .join('\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => line.replace(/^ {2}/, ''))
    .join('\n');
}
