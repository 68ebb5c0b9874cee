import { WsException } from '@nestjs/websockets';

/** A WebSocket error with a code; the filter sends it as `{"event":"error","data":{code,message,event}}`. */
export class WsError extends WsException {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super({ code, message });
  }
}
