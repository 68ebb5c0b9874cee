import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import {
  AccountView,
  EmailSearchResult,
  Banner,
  ContactListView,
  ContactRequestAccepted,
  ErrorBody,
  ProfileView,
  SessionView,
} from '@lab/protocol';
import { SandboxRefusal, checkBanner, checkTargetHost } from '@lab/sandbox';
import { ClientLogger, silentLogger } from './client-logger';
import { logProfileAddresses } from './debug-log';
import { DirectoryError } from './directory-error';
import { PresenceSocket, PresenceSocketOptions } from './presence-socket';

export interface DirectoryClientOptions {
  /** The directory, e.g. `http://127.0.0.1:7001`. Refused unless it is loopback or a lab network. */
  baseUrl: string;
  /** The source address every socket of this client is bound to (one per simulated user). */
  localAddress?: string;
  logger?: ClientLogger;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * The typed client of the directory, for REST and WebSocket, used by the peers, the resolver and
 * the tests. The sandbox guard runs before the first connection: a target outside the lab, or one
 * that does not answer the lab banner, is refused.
 */
export class DirectoryClient {
  readonly baseUrl: URL;
  readonly localAddress?: string;
  readonly logger: ClientLogger;
  /** Everything this client received, as raw text: HTTP status lines, headers, bodies. */
  readonly transcript: string[] = [];
  token?: string;
  username?: string;
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private bannerChecked?: Promise<Banner>;

  constructor(options: DirectoryClientOptions) {
    this.baseUrl = new URL(options.baseUrl);
    checkTargetHost(this.baseUrl);
    this.localAddress = options.localAddress;
    this.logger = options.logger ?? silentLogger;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.agent = new Agent({ keepAlive: true, maxSockets: 4, localAddress: options.localAddress });
  }

  async register(
    username: string,
    password: string,
    displayName?: string,
    discovery: { email?: string; discoverableByEmail?: boolean } = {},
  ): Promise<AccountView> {
    return this.json<AccountView>('POST', '/accounts', {
      username,
      password,
      ...(displayName ? { displayName } : {}),
      ...(discovery.email ? { email: discovery.email } : {}),
      ...(discovery.discoverableByEmail !== undefined
        ? { discoverableByEmail: discovery.discoverableByEmail }
        : {}),
    });
  }

  async login(username: string, password: string): Promise<SessionView> {
    const session = await this.json<SessionView>('POST', '/sessions', { username, password });
    this.token = session.token;
    this.username = session.username;
    return session;
  }

  /** Registers (if needed) and logs in. */
  async signUp(username: string, password: string, displayName?: string): Promise<SessionView> {
    await this.register(username, password, displayName);
    return this.login(username, password);
  }

  async logout(): Promise<void> {
    await this.json<void>('DELETE', '/sessions/current');
    this.token = undefined;
  }

  /** The directory search by e-mail: the account registered with that address, if the directory shows it. */
  searchByEmail(email: string): Promise<EmailSearchResult> {
    return this.json<EmailSearchResult>('GET', `/users?email=${encodeURIComponent(email)}`);
  }

  /** Looks a user up. In the vulnerable directory the answer carries their address (L1). */
  async lookup(username: string): Promise<ProfileView> {
    const profile = await this.json<ProfileView>('GET', `/users/${encodeURIComponent(username)}`);
    logProfileAddresses(this.logger, profile); // the debug-log leak (debug-log.ts)
    return profile;
  }

  contacts(): Promise<ContactListView> {
    return this.json('GET', '/contacts');
  }

  requestContact(username: string): Promise<ContactRequestAccepted> {
    return this.json('POST', '/contacts/requests', { username });
  }

  acceptContact(username: string): Promise<void> {
    return this.json('POST', `/contacts/requests/${encodeURIComponent(username)}/accept`);
  }

  declineContact(username: string): Promise<void> {
    return this.json('POST', `/contacts/requests/${encodeURIComponent(username)}/decline`);
  }

  removeContact(username: string): Promise<void> {
    return this.json('DELETE', `/contacts/${encodeURIComponent(username)}`);
  }

  /** Opens the WebSocket (presence, subscriptions, calls) from this client's source address. */
  async openSocket(
    options: Omit<PresenceSocketOptions, 'url' | 'token' | 'localAddress' | 'logger'> = {},
  ): Promise<PresenceSocket> {
    if (!this.token) throw new Error('log in before opening the WebSocket');
    await this.ensureBanner();
    const url = new URL('/ws', this.baseUrl);
    url.protocol = 'ws:';
    const socket = new PresenceSocket({
      ...options,
      url: url.href,
      token: this.token,
      localAddress: this.localAddress,
      logger: this.logger,
    });
    await socket.opened;
    return socket;
  }

  /** Sends a request and returns the raw answer, whatever its status. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> {
    await this.ensureBanner();
    return this.send(method, path, body === undefined ? undefined : JSON.stringify(body), {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      ...headers,
    });
  }

  close() {
    this.agent.destroy();
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    const parsed = response.text ? (JSON.parse(response.text) as unknown) : undefined;
    if (response.status >= 400) {
      const error = parsed as ErrorBody | undefined;
      throw new DirectoryError(
        response.status,
        error?.code ?? 'http_error',
        error?.message ?? `HTTP ${response.status}`,
        error,
      );
    }
    return parsed as T;
  }

  /** The directory's lab banner (checked once): its variant and the mitigations it runs. */
  banner(): Promise<Banner> {
    return this.ensureBanner();
  }

  private ensureBanner() {
    this.bannerChecked ??= checkBanner(this.baseUrl, 'directory').catch((error: unknown) => {
      this.bannerChecked = undefined;
      throw error;
    });
    return this.bannerChecked;
  }

  private send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<RawResponse> {
    const url = new URL(path, this.baseUrl);
    // A path such as //host/x would leave the checked directory, with the token: refuse it.
    if (url.origin !== this.baseUrl.origin) {
      return Promise.reject(
        new SandboxRefusal(`refusing ${url.origin}: requests go to ${this.baseUrl.origin} only`),
      );
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, headers, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          this.transcript.push(`HTTP ${status}\n${JSON.stringify(res.headers)}\n${text}`);
          resolve({ status, headers: res.headers, text });
        });
        res.on('error', reject);
      });
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path}: no answer within ${this.timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
