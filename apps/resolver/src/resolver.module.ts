import { Module } from '@nestjs/common';
import { ChainCommand } from './commands/chain.command';
import { DebugLogCommand } from './commands/debug-log.command';
import { EnrichCommand } from './commands/enrich.command';
import { FindEmailCommand } from './commands/find-email.command';
import { MatrixCommand } from './commands/matrix.command';
import { ProbeCallCommand } from './commands/probe-call.command';
import { ResolveCommand } from './commands/resolve.command';
import { ReverseCommand } from './commands/reverse.command';
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
    ReverseCommand,
    FindEmailCommand,
    ChainCommand,
  ],
})
export class ResolverModule {}
