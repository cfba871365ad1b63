/** Exit codes, the contract pipelines gate on (docs/ci.md, "Exit codes"). Only main.ts turns them into an exit. */
export const EXIT = {
  /** Nothing at or above the threshold; for validate, the spec is valid (warnings allowed). */
  OK: 0,
  /** Findings at or above --fail-on; for validate, the spec is invalid. */
  FINDINGS: 1,
  /** Bad usage, an unreadable file, or (for verify) an invalid spec. */
  USAGE: 2,
  /** Checks that could not run (verify, unless --allow-errors). */
  ERRORS: 3,
  /** A bug in mbx: the stack trace is printed. */
  INTERNAL: 70,
} as const;
