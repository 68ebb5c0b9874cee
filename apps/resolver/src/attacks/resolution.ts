/**
 * What an attack found out about a user's whereabouts. `publicAddress` is shown as the simulated
 * internet address (198.51.100.10), `observedAddress` as it crossed the wire in embedded mode
 * (127.51.100.10).
 */
export interface Resolution {
  username: string;
  leaked: boolean;
  publicAddress: string | null;
  observedAddress: string | null;
  port: number | null;
  localAddresses: string[];
  observedAt: string | null;
  /** How the directory answered: found, not_found (or indistinguishable from it), rate_limited, … */
  answer: string;
}

export const nothingLeaked = (username: string, answer: string): Resolution => ({
  username,
  leaked: false,
  publicAddress: null,
  observedAddress: null,
  port: null,
  localAddresses: [],
  observedAt: null,
  answer,
});
