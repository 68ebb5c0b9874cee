#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError } from '@lab/http-kit';
import { SandboxRefusal } from '@lab/sandbox';
import { LabCliModule } from './lab-cli.module';

/** `npm run lab -- clock …`: controls a running lab (start one with `npm start`). */
async function main() {
  process.argv[1] = 'lab';
  await CommandFactory.run(LabCliModule, {
    cliName: 'lab',
    logger: false,
    errorHandler: (error) => fail(error),
    serviceErrorHandler: (error) => fail(error),
  });
}

function fail(error: Error & { code?: string }): never {
  if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code ?? ''))
    process.exit(0);
  if (error.code?.startsWith('commander.')) process.exit(2);
  const prefix =
    error instanceof SandboxRefusal
      ? 'refused'
      : error instanceof ConfigError
        ? 'configuration error'
        : 'error';
  const code = error.code ?? (error as { cause?: { code?: string } }).cause?.code;
  const refused = code === 'ECONNREFUSED' || /ECONNREFUSED/.test(error.message);
  const hint = refused ? ' (is the lab running? start it with npm start)' : '';
  console.error(`lab: ${prefix}: ${error.message}${hint}`);
  process.exit(1);
}

void main();
