import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_VERSION } from './banner';

it('reports the version package.json declares', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
    version: string;
  };
  expect(LAB_VERSION).toBe(pkg.version);
});
