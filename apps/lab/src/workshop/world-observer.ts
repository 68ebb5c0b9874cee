import type { PresenceSocket } from '@lab/directory-client';
import type { LabWorld } from '../world/lab-world';

/** A call that reached a persona's client: seen from the victim's side, where the lab can look. */
export interface ObservedInvite {
  directory: string;
  callee: string;
  from: string;
  callId: string;
  at: string;
}

/** A directory the participant started on demand (POST /directories, or the resolver's matrix). */
export interface ObservedDirectory {
  id: string;
  mitigations: string[];
  /** The protocol profile it runs, if it was started with one. */
  profile?: string;
  at: string;
}

const KEEP = 500;

/**
 * Watches the world for the events exercises are checked by: every call invite that reaches a
 * persona's client (the victim's own socket, so nothing is inferred from what the attacker says),
 * and every directory started on demand. It only listens: nothing in the world changes.
 */
export class WorldObserver {
  readonly invites: ObservedInvite[] = [];
  readonly directories: ObservedDirectory[] = [];
  private readonly hooked = new WeakSet<PresenceSocket>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly world: LabWorld) {
    this.timer = setInterval(() => this.scan(), 100);
    this.timer.unref();
    this.scan();
  }

  /** Hooks sockets opened since the last scan (a persona that moves opens a new one). */
  scan() {
    for (const directory of this.world.directories.values()) {
      if (directory.onDemand && !this.directories.some((d) => d.id === directory.id))
        this.keep(this.directories, {
          id: directory.id,
          mitigations: [...directory.mitigations].sort(),
          ...(directory.profile ? { profile: directory.profile } : {}),
          at: new Date().toISOString(),
        });
      for (const agent of directory.population?.agents.values() ?? []) {
        const socket = agent.connection;
        if (!socket || this.hooked.has(socket)) continue;
        this.hooked.add(socket);
        socket.on('call.incoming', (data: { callId: string; from: string }) =>
          this.keep(this.invites, {
            directory: directory.id,
            callee: agent.persona.username,
            from: data.from,
            callId: data.callId,
            at: new Date().toISOString(),
          }),
        );
      }
    }
  }

  stop() {
    clearInterval(this.timer);
  }

  private keep<T>(list: T[], item: T) {
    list.push(item);
    if (list.length > KEEP) list.splice(0, list.length - KEEP);
  }
}
