import { ClientLogger, DirectoryClient, DirectoryError, PresenceSocket } from '@lab/directory-client';

export interface AttackerOptions {
  /** The directory under attack (checked by the sandbox guard before any connection). */
  target: string;
  username?: string;
  password?: string;
  /**
   * The attacker's own source address: by default the café network of the plan (203.0.113.150);
   * `auto` lets the kernel choose (the Docker world, where the attacker really sits on the café network).
   */
  sourceAddress?: string;
  logger?: ClientLogger;
}

export const DEFAULT_ATTACKER = {
  username: 'mallory',
  password: 'mallory-resolver-password',
  sourceAddress: '127.0.113.150',
};

const sourceAddressFor = (given: string | undefined) =>
  given === 'auto' ? undefined : (given ?? DEFAULT_ATTACKER.sourceAddress);

/**
 * The attacker's side: an ordinary, logged-in account of the directory, nothing more. Every
 * attack in this folder uses only what any user of the directory may do.
 */
export class Attacker {
  private socketPromise?: Promise<PresenceSocket>;

  private constructor(readonly client: DirectoryClient) {}

  /** Logs in, registering the account first if the directory does not know it. */
  static async connect(options: AttackerOptions): Promise<Attacker> {
    const username = options.username ?? DEFAULT_ATTACKER.username;
    const password = options.password ?? DEFAULT_ATTACKER.password;
    const client = new DirectoryClient({
      baseUrl: options.target,
      localAddress: sourceAddressFor(options.sourceAddress),
      logger: options.logger,
    });
    try {
      await client.login(username, password);
    } catch (error) {
      // unknown_user (vulnerable) or invalid_credentials (M5 answers both alike): try to sign up.
      if (!(error instanceof DirectoryError) || !['unknown_user', 'invalid_credentials'].includes(error.code))
        throw error;
      try {
        await client.register(username, password);
      } catch (registration) {
        if (registration instanceof DirectoryError && registration.code === 'username_taken') {
          throw new Error(`the account "${username}" exists with another password; pass --user/--password`, {
            cause: registration,
          });
        }
        throw registration;
      }
      await client.login(username, password);
    }
    return new Attacker(client);
  }

  /** The mitigations the directory under attack runs, as its lab banner lists them. */
  async directoryMitigations(): Promise<string[]> {
    return (await this.client.banner()).mitigations;
  }

  /** The attacker's WebSocket, opened on first use. */
  socket(): Promise<PresenceSocket> {
    this.socketPromise ??= this.client.openSocket({ heartbeat: true });
    return this.socketPromise;
  }

  /** Everything the attacker received: HTTP answers and WebSocket frames. */
  async received(): Promise<string> {
    const socket = this.socketPromise ? await this.socketPromise.catch(() => undefined) : undefined;
    return [...this.client.transcript, ...(socket?.transcript ?? [])].join('\n');
  }

  async close() {
    const socket = this.socketPromise ? await this.socketPromise.catch(() => undefined) : undefined;
    await socket?.close();
    this.client.close();
  }
}
