import { Module } from '@nestjs/common';
import { ClockCommand } from './clock.command';
import { ExerciseCommand } from './exercise.command';

/** `npm run lab -- <command>`: the workshop's controls for a running lab. */
@Module({ providers: [ClockCommand, ExerciseCommand] })
export class LabCliModule {}
