/** `GET /.well-known/lastseen-lab`: the lab's clients refuse any service that does not answer this. */
export const BANNER_PATH = '/.well-known/lastseen-lab';
export const LAB_NAME = 'lastseen-lab';

export type ServiceName = 'directory' | 'isp' | 'relay' | 'lab';

export interface Banner {
  lab: typeof LAB_NAME;
  service: ServiceName;
  /** `vulnerable` (no mitigation), `fixed` (all of them) or `custom` (any other set). */
  variant: 'vulnerable' | 'fixed' | 'custom';
  mitigations: string[];
  version: string;
}

/** The lab's version, as the banners report it (kept equal to package.json by a unit test). */
export const LAB_VERSION = '0.1.0';
