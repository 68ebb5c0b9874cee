// The lab orchestrator as a library, for the tests (and later the resolver's defence matrix).
export * from './config/lab.config';
export * from './world/data-lock';
export * from './world/lab-world';
export * from './world/start-lab';
export * from './cli/clock.command';
export * from './cli/exercise.command';
export * from './workshop';
export * from './console/events/console-messages';
export * from './console/events/console-events';
export { JobsService, type JobLimits } from './console/jobs/jobs.service';
export { CONSOLE_ATTACKER } from './console/jobs/attack-job';
export type { CreateJobDto } from './console/jobs/jobs.dto';
export * from './console/lab-server';
export * from './console/lab-host-guard';
