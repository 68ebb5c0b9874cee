#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError } from '@lab/http-kit';
import { SandboxRefusal } from '@lab/sandbox';
import { ResolverModule } from './resolver.module';

/**
 * lastseen-resolver: the attacker's tool of the lab, modelled on the 2012–2016 "Skype resolvers"
 * [@SkypeResolverBn0x].
 * It works only inside the lab: every target passes the sandbox guard first.
 */
async function main() {
  // Commander names the program after the script file (main.js); the help should say the tool's name.
  process.argv[1] = 'lastseen-resolver';
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
  const prefix =
    error instanceof SandboxRefusal
      ? 'refused'
      : error instanceof ConfigError
        ? 'configuration error'
        : 'error';
  // fetch() puts the socket's error code in `cause`.
  const code = error.code ?? (error as { cause?: { code?: string } }).cause?.code;
  const refused = code === 'ECONNREFUSED' || /ECONNREFUSED/.test(error.message);
  const hint = refused ? ' (is the lab running? start it with npm start)' : '';
  console.error(`lastseen-resolver: ${prefix}: ${error.message}${hint}`);
  process.exit(1);
}

void main();
