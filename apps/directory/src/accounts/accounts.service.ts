import { hash, randomBytes } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AccountView, SessionView } from '@lab/protocol';
import { DomainErrors } from '../common/domain-error';
import type { DirectoryOptions } from '../config/directory.config';
import { DIRECTORY_OPTIONS, DIRECTORY_POLICY } from '../directory.tokens';
import {
  Account,
  AccountsRepository,
  SessionsRepository,
  UsernameTakenError,
} from '../persistence/repositories';
import type { DirectoryPolicy } from '../policy/directory-policy';
import { PasswordHasher } from './password-hasher';

export interface AuthenticatedAccount {
  id: number;
  username: string;
  displayName: string;
}

// One-shot `hash` rather than a Hash object: the same digest, asked on every authenticated request.
export const hashToken = (token: string) => hash('sha256', token, 'base64url');

@Injectable()
export class AccountsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private sweepTimer?: NodeJS.Timeout;
  /** Told the hash of every token that is logged out, so open WebSockets of that session close too. */
  private readonly sessionEndedListeners: ((tokenHash: string) => void)[] = [];
  private readonly hasher: PasswordHasher;
  /** Sessions are checked on every request and socket: keep the hot ones in memory. */
  private readonly sessionCache = new Map<string, { account: AuthenticatedAccount; expiresAt: number }>();

  constructor(
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsRepository,
  ) {
    this.hasher = new PasswordHasher(options.scryptCost);
  }

  async onApplicationBootstrap() {
    // Asked once at start: a policy that checks passwords of missing accounts against a dummy hash
    // (M5) gets it made now, so that the first such login is not the slow one. Only made, not
    // checked against: that would be one more hash before the directory listens, for nothing.
    await this.policy.loginToMissingAccount(async () => {
      await this.hasher.makeDummy();
    });
    const sweep = () => void this.sessions.deleteExpired(new Date().toISOString());
    sweep();
    this.sweepTimer = setInterval(sweep, 3600_000);
    this.sweepTimer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.sweepTimer);
  }

  async register(
    username: string,
    password: string,
    displayName?: string,
    discovery: { email?: string; discoverableByEmail?: boolean } = {},
  ): Promise<AccountView> {
    // A taken name is refused before the password hash: the answer says it is taken either way, and
    // a client that signs its accounts up again at every start (the lab's population) pays no hash
    // for it. Two sign-ups racing for a new name still meet the unique index below.
    if (await this.accounts.findByUsername(username)) throw DomainErrors.usernameTaken(username);
    const passwordHash = await this.hasher.hash(password);
    try {
      const account = await this.accounts.create({
        username,
        displayName: displayName?.trim() || username,
        passwordHash,
        createdAt: new Date().toISOString(),
        ...(discovery.email && {
          email: discovery.email.trim(),
          discoverableByEmail: discovery.discoverableByEmail === true,
        }),
      });
      return { username: account.username, displayName: account.displayName, createdAt: account.createdAt };
    } catch (error) {
      if (error instanceof UsernameTakenError) {
        throw DomainErrors.usernameTaken(username);
      }
      throw error;
    }
  }

  async login(username: string, password: string): Promise<SessionView> {
    const account = await this.accounts.findByUsername(username);
    if (!account) {
      const answer = await this.policy.loginToMissingAccount(() => this.checkAgainstDummy(password));
      throw answer === 'invalid_credentials' ? this.invalidCredentials() : DomainErrors.unknownUser(username);
    }
    if (!(await this.hasher.verify(password, account.passwordHash))) throw this.invalidCredentials();
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const expiresAt = new Date(now + this.options.sessionTtlMs).toISOString();
    await this.sessions.create({
      tokenHash: hashToken(token),
      accountId: account.id,
      createdAt: new Date(now).toISOString(),
      expiresAt,
    });
    return { token, username: account.username, expiresAt };
  }

  async logout(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    this.sessionCache.delete(tokenHash);
    await this.sessions.delete(tokenHash);
    for (const listener of this.sessionEndedListeners) listener(tokenHash);
  }

  /** The account behind a bearer token, or undefined. */
  async authenticate(token: string | undefined): Promise<AuthenticatedAccount | undefined> {
    return (await this.authenticateSession(token))?.account;
  }

  /** The account behind a bearer token and when its session ends (epoch ms), or undefined. */
  async authenticateSession(
    token: string | undefined,
  ): Promise<{ account: AuthenticatedAccount; expiresAt: number } | undefined> {
    if (!token || token.length > 256) return undefined;
    const tokenHash = hashToken(token);
    const now = Date.now();
    const cached = this.sessionCache.get(tokenHash);
    if (cached) {
      if (cached.expiresAt > now) return cached;
      this.sessionCache.delete(tokenHash);
    }
    const session = await this.sessions.find(tokenHash);
    if (!session || Date.parse(session.expiresAt) <= now) return undefined;
    const account = await this.accounts.findById(session.accountId);
    if (!account) return undefined;
    const entry = { account: toAuthenticated(account), expiresAt: Date.parse(session.expiresAt) };
    if (this.sessionCache.size > 50_000) this.sessionCache.clear();
    this.sessionCache.set(tokenHash, entry);
    return entry;
  }

  onSessionEnded(listener: (tokenHash: string) => void) {
    this.sessionEndedListeners.push(listener);
  }

  findByUsername(username: string) {
    return this.accounts.findByUsername(username);
  }

  findById(id: number) {
    return this.accounts.findById(id);
  }

  findByEmail(email: string) {
    return this.accounts.findByEmail(email);
  }

  private async checkAgainstDummy(password: string) {
    await this.hasher.verifyAgainstDummy(password);
  }

  private invalidCredentials() {
    return DomainErrors.invalidCredentials();
  }
}

const toAuthenticated = (a: Account): AuthenticatedAccount => ({
  id: a.id,
  username: a.username,
  displayName: a.displayName,
});
