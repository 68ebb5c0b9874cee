import { randomUUID } from 'node:crypto';
import { AddressPlan, LeaseLog, canBindLoopback, generatePersonas, loadPlan } from '@lab/address-plan';
import {
  DirectoryRelayOptions,
  MitigationId,
  RunningDirectory,
  findProfile,
  startDirectory,
} from '@lab/directory';
import { SubscriberInbox } from '@lab/isp';
import { LabClock, Population } from '@lab/peers';
import { FIXED_MITIGATIONS, LabOptions, labDirectoryOptions } from '../config/lab.config';

export interface LabDirectory {
  id: string;
  name: string;
  mitigations: MitigationId[];
  /** The protocol profile it runs, if it was started with one (docs/profiles.md). */
  profile?: string;
  running: RunningDirectory;
  population?: Population;
  onDemand: boolean;
}

/** The most directories the lab starts on demand at once: it is a lab, not a hosting service. */
export const MAX_ON_DEMAND_DIRECTORIES = 8;

export type AddressingMode = 'embedded' | 'fallback-single-address';

/**
 * Everything `npm start` runs, in one process on loopback: the directories (each with its own
 * population), and the clock, plan and lease log they share. The ISP registry and the relay
 * attach to the same world.
 */
export class LabWorld {
  readonly plan: AddressPlan;
  readonly clock: LabClock;
  readonly leases = new LeaseLog();
  /**
   * What each world's ISP support desk sent its subscribers: the vulnerable world's desk sends
   * nothing, the fixed world's tells them of every inquiry. The victim's view shows them.
   */
  readonly deskInboxes = { vulnerable: new SubscriberInbox(), fixed: new SubscriberInbox() };
  /** Each world's ISP registry (with its support desk), once started. */
  ispUrls?: { vulnerable: string; fixed: string };
  readonly directories = new Map<string, LabDirectory>();
  mode: AddressingMode = 'embedded';
  /** M4's relay: set before any directory with M4 starts. */
  relay?: DirectoryRelayOptions;
  private readonly extraPersonas;

  constructor(readonly options: LabOptions) {
    this.plan = loadPlan();
    this.clock = new LabClock(options.peers.clockStartMinute, options.peers.clockSpeed);
    this.extraPersonas = generatePersonas(this.plan, options.peers.extraPersonas, options.peers.seed);
  }

  /** Checks the machine can give every simulated network its own loopback address. */
  async detectAddressing(): Promise<AddressingMode> {
    const probe = [...this.plan.networks.values()][0].loopbackAddress;
    this.mode = (await canBindLoopback(probe)) ? 'embedded' : 'fallback-single-address';
    return this.mode;
  }

  /**
   * Starts the vulnerable and the fixed directory with their populations. `listening` is called once
   * both listen, while their populations sign up and log in (password hashes, off the main thread).
   */
  async startCoreDirectories(listening?: () => void): Promise<void> {
    const { ports, dataDir } = this.options;
    let up = 0;
    const listened = () => {
      if (++up === 2) listening?.();
    };
    // Both settle before a failure is passed on: the lab stops whatever started, so neither may
    // still be starting then.
    const results = await Promise.allSettled([
      this.addDirectory(
        'vulnerable',
        'directory-vulnerable',
        ports.vulnerable,
        [],
        `${dataDir}/directory-vulnerable.sqlite`,
        false,
        true,
        undefined,
        listened,
      ),
      this.addDirectory(
        'fixed',
        'directory-fixed',
        ports.fixed,
        [...FIXED_MITIGATIONS],
        `${dataDir}/directory-fixed.sqlite`,
        false,
        true,
        undefined,
        listened,
      ),
    ]);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    // Listed vulnerable first, fixed second, whichever was up first.
    for (const id of ['vulnerable', 'fixed']) {
      const directory = this.directories.get(id)!;
      this.directories.delete(id);
      this.directories.set(id, directory);
    }
  }

  /**
   * Starts a directory with any set of mitigations, or a protocol profile (which decides them), on
   * a free port, with its own population.
   */
  async startOnDemand(
    mitigations: MitigationId[],
    withPopulation = true,
    profile?: string,
  ): Promise<LabDirectory> {
    const onDemand = [...this.directories.values()].filter((d) => d.onDemand).length;
    if (onDemand >= MAX_ON_DEMAND_DIRECTORIES) {
      throw new Error(`at most ${MAX_ON_DEMAND_DIRECTORIES} directories run on demand; stop one first`);
    }
    const id = randomUUID().slice(0, 8);
    return this.addDirectory(
      id,
      `directory-${id}`,
      0,
      mitigations,
      ':memory:',
      true,
      withPopulation,
      profile,
    );
  }

  async stopDirectory(id: string): Promise<boolean> {
    const directory = this.directories.get(id);
    if (!directory) return false;
    this.directories.delete(id);
    await directory.population?.stop();
    await directory.running.close();
    return true;
  }

  /** After a clock change: every population moves to where its routines are at the new lab time. */
  async tickPopulations(): Promise<void> {
    await Promise.all([...this.directories.values()].map((d) => d.population?.settle()));
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.directories.keys()].map((id) => this.stopDirectory(id)));
  }

  private async addDirectory(
    id: string,
    name: string,
    port: number,
    mitigations: MitigationId[],
    database: string,
    onDemand: boolean,
    withPopulation = true,
    profile?: string,
    listening?: () => void,
  ): Promise<LabDirectory> {
    const running = await startDirectory({
      ...labDirectoryOptions(this.options, name, port, mitigations, database),
      relay: this.relay,
      profile,
    });
    listening?.();
    // A profile decided the mitigations: list the ones that really run.
    const directory: LabDirectory = {
      id,
      name,
      mitigations: profile ? [...(findProfile(profile)?.mitigations ?? [])] : mitigations,
      ...(profile ? { profile } : {}),
      running,
      onDemand,
    };
    this.directories.set(id, directory);
    if (!withPopulation) return directory;
    try {
      directory.population = await Population.start({
        directoryUrl: running.url,
        plan: this.plan,
        clock: this.clock,
        personas: [...this.plan.personas, ...this.extraPersonas],
        // Every connection through the CGNAT is logged; the all-day home and work leases once.
        leases: this.leases,
        staticLeases: id === 'vulnerable',
        sourceAddressOverride: this.mode === 'fallback-single-address' ? '127.0.0.1' : undefined,
      });
    } catch (error) {
      await this.stopDirectory(id);
      throw error;
    }
    return directory;
  }
}
