import * as packageIndex from 'nest-commander';
import { Command, CommandRunner, Option } from './commander';

// The commands take nest-commander's decorators from the package's own files (commander.ts says
// why). Should a new version of the package move them, or export others from its index, this
// fails here, by name, instead of a command that silently lost its options.
describe("nest-commander's decorators, as the resolver's commands import them", () => {
  it('are the very ones the package exports', () => {
    for (const [name, ours, theirs] of [
      ['Command', Command, packageIndex.Command],
      ['Option', Option, packageIndex.Option],
      ['CommandRunner', CommandRunner, packageIndex.CommandRunner],
    ] as const) {
      expect({ name, type: typeof ours }).toEqual({ name, type: 'function' });
      expect({ name, same: ours === theirs }).toEqual({ name, same: true });
    }
  });
});
