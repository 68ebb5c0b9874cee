import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = join(__dirname, '..', '..');

/**
 * Builds a project the way a maintainer does (`nest build <project>`, nest-cli.json), but into
 * `<work>/out` instead of dist/: a stale dist/ could hide a file the build forgot, and a running lab
 * may be using it. `<work>/out/node_modules` links to the project's, so the output runs from there.
 */
export async function nestBuild(project: string, work: string): Promise<string> {
  const out = join(work, 'out');
  const tsconfig = join(work, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({ extends: join(ROOT, 'tsconfig.build.json'), compilerOptions: { outDir: out } }),
  );
  // The Nest CLI reads --path relative to the working directory.
  await promisify(execFile)(
    join(ROOT, 'node_modules', '.bin', 'nest'),
    ['build', project, '--path', relative(ROOT, tsconfig)],
    { cwd: ROOT, timeout: 120_000 },
  );
  mkdirSync(out, { recursive: true });
  if (!existsSync(join(out, 'node_modules')))
    symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  return out;
}
