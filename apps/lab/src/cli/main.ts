#!/usr/bin/env node
import 'reflect-metadata';
import { runCli } from '@lab/cli-kit';
import { LabCliModule } from './lab-cli.module';

/** `npm run lab -- clock …`: controls a running lab (start one with `npm start`). */
void runCli(LabCliModule, 'lab');
