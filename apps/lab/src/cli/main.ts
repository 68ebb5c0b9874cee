#!/usr/bin/env node
// The compile cache and the vendor bundle first: see each file.
import '../compile-cache';
import '../vendor-bundle';
import 'reflect-metadata';
import { runCli } from '@lab/cli-kit';
import { LabCliModule } from './lab-cli.module';

/** `npm run lab -- clock …`: controls a running lab (start one with `npm start`). */
void runCli(LabCliModule, 'lab');
