// The lab API's answers, as the console reads them (docs: /docs on the lab port; the console's
// own routes are under /console/api).

export interface LabErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId?: string;
}

export interface ClockState {
  labTime: string;
  labMinutes: number;
  speed: number;
  paused: boolean;
}

/** From `fromRealMs` on, lab time runs from `labMinutes` at `speed` (0: paused). */
export interface ClockSegment {
  fromRealMs: number;
  labMinutes: number;
  speed: number;
}

export interface Persona {
  username: string;
  slot: string;
  network: string | null;
  publicAddress: string | null;
  online: boolean;
}

export interface DirectoryStatus {
  id: string;
  name: string;
  mitigations: string[];
  profile?: string;
  onDemand: boolean;
  population: Persona[];
}

export interface LabStatus {
  labTime: string;
  labMinutes: number;
  directories: DirectoryStatus[];
}

export type ExerciseStatus = 'solved' | 'started' | 'new';

export interface ExerciseSummary {
  order: number;
  id: string;
  title: string;
  difficulty: number;
  minutes: number;
  status: ExerciseStatus;
  hints: string;
}

export interface Exercise {
  order: number;
  id: string;
  title: string;
  goal: string;
  background: string;
  steps: string[];
  check: { description: string; answer?: string; command?: string };
  hints: string[];
  hintsRemaining: number;
  links: { leak: string[]; mitigation: string[]; tests: string[] };
  solved: boolean;
  solvedAt: string | null;
}

export interface Verdict {
  id: string;
  solved: boolean;
  feedback: string;
  evidence: string[];
}

/** What the ISP registry (RDAP) says about an address; null where it says nothing. */
export interface Enrichment {
  isp?: string | null;
  asn?: number | null;
  city?: string | null;
  country?: string | null;
  radiusKm?: number | null;
  network?: string | null;
}

export interface Leak {
  username: string;
  address: string;
  /** Embedded mode: the loopback address the victim's socket really came from (127.51.100.70). */
  observedAddress?: string;
  port?: number;
  kind: 'public' | 'local' | 'relay';
  labTime?: string;
  labMinutes?: number;
  enrichment?: Enrichment;
}

export interface TimelinePlace {
  network: string;
  address?: string;
  city?: string | null;
}

export interface Timeline {
  lanes: { network: string; isp?: string | null; city?: string | null }[];
  sightings: { labMinutes: number; network: string; address: string }[];
  /** Where the target stayed, from one sighting to the next (lab minutes). */
  stays?: { address: string; fromLab: number; toLab: number }[];
  guesses?: { home?: TimelinePlace; work?: TimelinePlace };
}

export interface AttackResult {
  attack: string;
  directory: string;
  target?: string;
  labTime?: string;
  labMinutes?: number;
  leaked: Leak[];
  refused?: { status?: number; code: string; message: string };
  /** probe-call: whether the victim's phone showed the ring before the attacker hung up. */
  ringShown?: boolean;
  sweep?: {
    checked: number;
    existing: string[];
    lookupsPerSecond: number;
    rateLimitedAt: number | null;
    stoppedEarly: boolean;
  };
  timeline?: Timeline;
  raw?: unknown[];
}

export interface MatrixCell {
  row: string;
  column: string;
  verdict: string;
  leaked?: string[];
  expected?: string;
}

export interface MatrixResult {
  rows: { id: string; label: string; attackFile?: string }[];
  columns: { id: string; label: string; mitigationFile?: string }[];
  cells: MatrixCell[];
}

export interface Job<R = unknown> {
  id: string;
  kind: 'attack' | 'matrix';
  status: 'running' | 'done' | 'failed';
  /** Real times (ISO): what happened on the victim's side meanwhile is the same moment. */
  startedAt?: string;
  finishedAt?: string;
  progress?: { done: number; total: number };
  /** What was asked for: the attack, directory and target, or whether the matrix is of profiles. */
  request?: { attack?: string; directory?: string; target?: string; profiles?: boolean };
  result?: R;
  error?: { code: string; message: string };
}

export interface Fix {
  id: string;
  title: string;
  /** The leaks it stops (L1…L5). */
  stops?: string[];
  /** null when the lab has no file for it. */
  file: string | null;
  code: string;
  replaces: { hook: string; file: string; code: string }[];
}

/** What the lab pushes on /console/events. */
export type LabEvent =
  | { type: 'hello'; instance: string; labTime: string; labMinutes: number }
  | { type: 'solved'; id: string; title: string; solvedAt: string; via?: string }
  | ({ type: 'clock' } & ClockState)
  | {
      type: 'job';
      id: string;
      kind: string;
      status: Job['status'];
      progress?: Job['progress'];
      cell?: MatrixCell;
    }
  | { type: 'error'; code: string; message: string };
