import { Module } from '@nestjs/common';
import { DebugLogCommand } from './commands/debug-log.command';
import { EnrichCommand } from './commands/enrich.command';
import { MatrixCommand } from './commands/matrix.command';
import { ProbeCallCommand } from './commands/probe-call.command';
import { ResolveCommand } from './commands/resolve.command';
import { SweepCommand } from './commands/sweep.command';
import { TrackCommand } from './commands/track.command';
import { WatchCommand } from './commands/watch.command';

@Module({
  providers: [
    ResolveCommand,
    DebugLogCommand,
    ProbeCallCommand,
    WatchCommand,
    SweepCommand,
    TrackCommand,
    EnrichCommand,
    MatrixCommand,
  ],
})
export class ResolverModule {}
