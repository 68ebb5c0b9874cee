import type { IncomingMessage } from 'node:http';
import { Inject, UseFilters } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { ErrorCode, MAX_WS_FRAME_BYTES, WS_PATH, WsCloseCode } from '@lab/protocol';
import { AccountsService, AuthenticatedAccount, hashToken } from '../accounts/accounts.service';
import { bearerToken } from '../accounts/bearer-auth.guard';
import { CallsService } from '../calls/calls.service';
import { RateLimited } from '../common/rate-limit.guard';
import type { DirectoryOptions } from '../config/directory.config';
import { ProfilesService } from '../profiles/profiles.service';
import { DIRECTORY_LOGGER, DIRECTORY_OPTIONS, DIRECTORY_POLICY } from '../directory.tokens';
import type { DirectoryPolicy } from '../policy/directory-policy';
import { LiveConnection, PresenceService } from '../presence/presence.service';
import { CallIdDto, CandidatesDto, PresenceReportDto, UsernameDto } from './realtime.dto';
import { SocketState, socketStates } from './socket-state';
import { WsError } from './ws-error';
import { WsExceptionFilter, sendFrame } from './ws-exception.filter';

/** setTimeout's longest delay (about 24.8 days); a longer session is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const state = socketStates;

/**
 * The directory's WebSocket (`/ws`): presence, presence subscriptions and call signalling.
 * Authenticated in handleConnection with the same bearer token as the REST API; one live
 * connection per user.
 */
@WebSocketGateway({ path: WS_PATH, maxPayload: MAX_WS_FRAME_BYTES })
@UseFilters(WsExceptionFilter)
export class RealtimeGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly sockets = new Set<WebSocket>();

  constructor(
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    @Inject(DIRECTORY_LOGGER) private readonly logger: Logger,
    private readonly accounts: AccountsService,
    private readonly profiles: ProfilesService,
    private readonly presence: PresenceService,
    private readonly calls: CallsService,
  ) {
    // Logging out ends the session everywhere, including its open WebSockets.
    accounts.onSessionEnded((tokenHash) => {
      for (const client of this.sockets) {
        if (state.get(client)?.tokenHash === tokenHash) client.close(WsCloseCode.Unauthorized, 'logged out');
      }
    });
  }

  handleConnection(client: WebSocket, req: IncomingMessage) {
    const token = bearerToken(req);
    this.sockets.add(client);
    const socketState: SocketState = {
      tokenHash: token ? hashToken(token) : undefined,
      auth: this.authenticate(client, req),
      remoteAddress: req.socket.remoteAddress,
    };
    state.set(client, socketState);
  }

  handleDisconnect(client: WebSocket) {
    this.sockets.delete(client);
    const socketState = state.get(client);
    clearTimeout(socketState?.expiryTimer);
    void socketState?.auth.then((account) => {
      if (!account || !socketState.connection) return;
      const wasCurrent = this.presence.disconnect(account.id, socketState.connection);
      // A connection replaced by a newer one of the same user leaves that user's calls alone.
      if (wasCurrent || !this.presence.isOnline(account.id)) this.calls.disconnected(account.id);
    });
  }

  @SubscribeMessage('presence.report')
  async report(@ConnectedSocket() client: WebSocket, @MessageBody() body: PresenceReportDto) {
    const me = await this.me(client);
    const recorded = this.presence.report(me.id, body.localAddresses);
    return { event: 'presence.reported', data: { localAddresses: recorded } };
  }

  /** Keeps the user online; its `data` carries nothing and is ignored. */
  @SubscribeMessage('heartbeat')
  async heartbeat(@ConnectedSocket() client: WebSocket) {
    const me = await this.me(client);
    this.presence.heartbeat(me.id);
    return { event: 'heartbeat', data: { at: new Date().toISOString() } };
  }

  /** L2: following someone's presence. Who may follow whom is the policy's decision. */
  @SubscribeMessage('presence.subscribe')
  @RateLimited('lookup')
  async subscribe(@ConnectedSocket() client: WebSocket, @MessageBody() body: UsernameDto) {
    const me = await this.me(client);
    // M2: a stranger answers exactly like a missing user, after the same work.
    const { account: target } = await this.profiles.visibleTarget(me, body.username);
    this.presence.subscribe(me.id, target.id);
    sendFrame(client, { event: 'presence.subscribed', data: { username: target.username } });
    await this.presence.sendCurrent(me.id, target);
  }

  @SubscribeMessage('presence.unsubscribe')
  async unsubscribe(@ConnectedSocket() client: WebSocket, @MessageBody() body: UsernameDto) {
    const me = await this.me(client);
    const target = await this.accounts.findByUsername(body.username);
    if (target) this.presence.unsubscribe(me.id, target.id);
    return { event: 'presence.unsubscribed', data: { username: body.username } };
  }

  @SubscribeMessage('call.invite')
  @RateLimited('lookup')
  async invite(@ConnectedSocket() client: WebSocket, @MessageBody() body: UsernameDto) {
    const me = await this.me(client);
    await this.calls.invite(me, body.username);
  }

  @SubscribeMessage('call.candidates')
  async candidates(@ConnectedSocket() client: WebSocket, @MessageBody() body: CandidatesDto) {
    this.calls.candidates(await this.me(client), body.callId, body.candidates);
  }

  @SubscribeMessage('call.ringing')
  async ringing(@ConnectedSocket() client: WebSocket, @MessageBody() body: CallIdDto) {
    this.calls.ringing(await this.me(client), body.callId);
  }

  @SubscribeMessage('call.accept')
  async accept(@ConnectedSocket() client: WebSocket, @MessageBody() body: CallIdDto) {
    await this.calls.accept(await this.me(client), body.callId);
  }

  @SubscribeMessage('call.reject')
  async reject(@ConnectedSocket() client: WebSocket, @MessageBody() body: CallIdDto) {
    this.calls.reject(await this.me(client), body.callId);
  }

  @SubscribeMessage('call.cancel')
  async cancel(@ConnectedSocket() client: WebSocket, @MessageBody() body: CallIdDto) {
    this.calls.cancel(await this.me(client), body.callId);
  }

  @SubscribeMessage('call.hangup')
  async hangup(@ConnectedSocket() client: WebSocket, @MessageBody() body: CallIdDto) {
    this.calls.hangup(await this.me(client), body.callId);
  }

  private async authenticate(
    client: WebSocket,
    req: IncomingMessage,
  ): Promise<AuthenticatedAccount | undefined> {
    const session = await this.accounts.authenticateSession(bearerToken(req)).catch(() => undefined);
    const account = session?.account;
    if (!session || !account) {
      sendFrame(client, {
        event: 'error',
        data: {
          code: ErrorCode.Unauthorized,
          message: 'Missing or invalid bearer token. Log in with POST /sessions first.',
        },
      });
      client.close(WsCloseCode.Unauthorized, 'unauthorized');
      return undefined;
    }
    if (client.readyState !== client.OPEN) return undefined;
    const connection: LiveConnection = {
      send: (message) => sendFrame(client, message),
      close: (code, reason) => client.close(code, reason),
    };
    const endpoint = this.presence.connect(
      account,
      req.socket.remoteAddress,
      req.socket.remotePort,
      connection,
    );
    state.get(client)!.connection = connection;
    this.closeWhenExpired(client, session.expiresAt);
    sendFrame(client, {
      event: 'welcome',
      data: {
        username: account.username,
        observedAddress: endpoint.address,
        observedPort: endpoint.port,
        heartbeatIntervalMs: this.options.heartbeatIntervalMs,
        mitigations: [...this.policy.mitigations],
      },
    });
    return account;
  }

  /** A session ends by logging out or by expiring: either way its sockets close with 4401. */
  private closeWhenExpired(client: WebSocket, expiresAt: number) {
    const socketState = state.get(client);
    if (!socketState || client.readyState !== client.OPEN) return;
    const left = expiresAt - Date.now();
    if (left <= 0) return client.close(WsCloseCode.Unauthorized, 'session expired');
    socketState.expiryTimer = setTimeout(
      () => this.closeWhenExpired(client, expiresAt),
      Math.min(left, MAX_TIMER_MS),
    );
    socketState.expiryTimer.unref();
  }

  private async me(client: WebSocket): Promise<AuthenticatedAccount> {
    const account = await state.get(client)?.auth;
    if (!account) throw new WsError(ErrorCode.Unauthorized, 'This connection is not authenticated.');
    return account;
  }
}
