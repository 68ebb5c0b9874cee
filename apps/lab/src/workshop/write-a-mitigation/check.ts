/**
 * Exercise 12's check: builds the participant's policy, starts a directory with it and runs the
 * real attacks and functional tests against it. This build carries a placeholder with the same
 * signature; the exercise is wired to it and reports its summary.
 */
export interface WrittenMitigationResult {
  solved: boolean;
  summary: string;
  details: string[];
}

export function checkWrittenMitigation(options: {
  scaffoldFile: string;
  dataDir: string;
  signal?: AbortSignal;
}): Promise<WrittenMitigationResult> {
  void options;
  return Promise.resolve({ solved: false, summary: 'not available in this build', details: [] });
}
