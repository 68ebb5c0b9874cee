import { Module } from '@nestjs/common';
import { ClockCommand } from './clock.command';

/** `npm run lab -- <command>`: the workshop's controls for a running lab. */
@Module({ providers: [ClockCommand] })
export class LabCliModule {}
