import Module from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_ROOT } from './code-root';

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };

/**
 * Lets the child process `require('@lab/<name>')`, from the sources or the build alike: the alias
 * is `apps/<name>/src` or `libs/<name>/src` under CODE_ROOT, as tsconfig.json "paths" lays them
 * out. A participant's policy may then import from `@lab/directory` as the scaffold does.
 * Only the child process imports this module (first): importing it installs the aliases.
 */
function installLabAliases(): void {
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    const alias = /^@lab\/([a-z-]+)$/.exec(request);
    if (alias) {
      const target = ['apps', 'libs']
        .map((kind) => join(CODE_ROOT, kind, alias[1], 'src'))
        .find((dir) => existsSync(dir));
      if (target) return resolve.call(this, target, ...rest);
    }
    return resolve.call(this, request, ...rest);
  };
}

installLabAliases();
