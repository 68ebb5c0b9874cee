import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface HotFunction {
  /** `name (file:line)`, the file relative to the project or the package in node_modules. */
  where: string;
  /** Share of all samples spent in this function itself (not its callees), in percent. */
  selfPercent: number;
}

/** The functions with the most self time in the newest `.cpuprofile` of a directory. */
export function hottestFunctions(dir: string, count = 15): HotFunction[] {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  if (!file) throw new Error(`no .cpuprofile in ${dir}: did the server exit cleanly?`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
  const self = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const path = url.replace(/^file:\/\//, '');
    const short = path.includes('node_modules/')
      ? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
      : path.startsWith('/')
        ? relative(process.cwd(), path)
        : path;
    const key = `${functionName || '(anonymous)'}${short ? ` (${short}:${lineNumber + 1})` : ''}`;
    self.set(key, (self.get(key) ?? 0) + hits);
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, hits]) => ({ where, selfPercent: Math.round((hits / total) * 1000) / 10 }));
}
