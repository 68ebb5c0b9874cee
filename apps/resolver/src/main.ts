#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { SandboxRefusal } from '@lab/sandbox';
import { ResolverModule } from './resolver.module';

/**
 * lastseen-resolver: the attacker's tool of the lab, modelled on the 2012–2016 "Skype resolvers".
 * It works only inside the lab: every target passes the sandbox guard first.
 */
async function main() {
  await CommandFactory.run(ResolverModule, {
    cliName: 'lastseen-resolver',
    logger: false,
    errorHandler: (error) => fail(error),
    serviceErrorHandler: (error) => fail(error),
  });
}

function fail(error: Error & { code?: string }): never {
  if (
    error.code === 'commander.helpDisplayed' ||
    error.code === 'commander.version' ||
    error.code === 'commander.help'
  )
    process.exit(0);
  if (error.code?.startsWith('commander.')) process.exit(2);
  const prefix = error instanceof SandboxRefusal ? 'refused' : 'error';
  const hint =
    (error as NodeJS.ErrnoException).code === 'ECONNREFUSED'
      ? ' (is the lab running? start it with npm start)'
      : '';
  console.error(`lastseen-resolver: ${prefix}: ${error.message}${hint}`);
  process.exit(1);
}

void main();
