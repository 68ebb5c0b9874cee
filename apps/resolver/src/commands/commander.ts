/**
 * What the resolver's commands need from nest-commander: the decorators and the base class, from
 * the package's own files rather than its index. The index also loads the command runner and
 * inquirer (about a quarter of a second), and the lab loads these classes through `@lab/resolver`
 * at every `npm start` without running a command. `main.ts` runs them with the full package
 * (`CommandFactory`, libs/cli-kit); the decorators' metadata is the same either way.
 */
export { Command, Option } from 'nest-commander/src/command.decorators';
export { CommandRunner } from 'nest-commander/src/command-runner.interface';
