#!/usr/bin/env node
import 'reflect-metadata';
import { runCli } from '@lab/cli-kit';
import { ResolverModule } from './resolver.module';

/**
 * lastseen-resolver: the attacker's tool of the lab, modelled on the 2012–2016 "Skype resolvers"
 * [@SkypeResolverBn0x].
 * It works only inside the lab: every target passes the sandbox guard first.
 */
void runCli(ResolverModule, 'lastseen-resolver');
