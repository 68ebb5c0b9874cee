import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the lab's code is: the repository (sources) or dist/ (the build), both laid out as apps/ and libs/. */
export const CODE_ROOT = join(__dirname, '..', '..', '..', '..', '..');

/** The repository: where tsconfig.json (the @lab/… paths) and .swcrc are, above the sources or dist/. */
export const PROJECT_ROOT =
  [CODE_ROOT, dirname(CODE_ROOT)].find((dir) => existsSync(join(dir, 'tsconfig.json'))) ?? CODE_ROOT;
