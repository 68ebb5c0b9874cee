import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@lab/http-kit';
import type { ErrorCode } from '@lab/protocol';

/** The console's own error codes, in the lab's error body (code, sentence, request id). */
export const ConsoleErrorCode = {
  ConsoleNotBuilt: 'console_not_built',
  JobNotFound: 'job_not_found',
  TooManyJobs: 'too_many_jobs',
  AttackerBusy: 'attacker_busy',
  ClockPaused: 'clock_paused',
  SourceNotAllowed: 'source_not_allowed',
  SourcesAbsent: 'sources_absent',
  /** WebSocket: the console's event stream takes no messages from clients. */
  ClientMessagesNotAccepted: 'client_messages_not_accepted',
  TooManyClients: 'too_many_clients',
  /** HTTP and WebSocket: the Host header is not one of the lab's own names (DNS rebinding). */
  HostNotAllowed: 'host_not_allowed',
} as const;
export type ConsoleErrorCode = (typeof ConsoleErrorCode)[keyof typeof ConsoleErrorCode];

export class ConsoleError extends ApiError {
  constructor(status: HttpStatus, code: ConsoleErrorCode, message: string) {
    super(status, code as unknown as ErrorCode, message);
  }
}
