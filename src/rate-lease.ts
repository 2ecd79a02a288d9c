/**
 * What a process asks of one scope of the shared rate budget, and what it is granted. A leaf: the client
 * (src/hostaway) asks, the database (src/db) grants, and neither layer may import the other.
 */

/** What one process asks of one scope (`pool:<name>` or `account:<id>`) at a renewal. */
export interface ScopeRequest {
  scope: string;
  limit: number;
  /** Requests per window it would spend (0: idle, give the share back). */
  wanted: number;
  rank: number;
  /** Requests sent under the share are still unanswered (a share given up then counts longer). */
  inFlight: boolean;
  /** The requests sent under a share given up earlier have all been answered. */
  settled: boolean;
  /** The process is going away: the lease ends now. */
  closing: boolean;
  /**
   * Requests of this process on the scope that still count in a sliding window now: in flight, or answered
   * less than a window ago. A share given up keeps counting only these (it will send no more under it).
   */
  counted: number;
}

export interface ScopeLease {
  scope: string;
  share: number;
  expiresInMs: number;
  /** When the share is below what was wanted: when to ask again (someone else's share frees by then). */
  retryInMs: number | null;
}

/** A share the process holds in full, for the check of whether another process now asks for part of it. */
export interface HeldShare {
  scope: string;
  limit: number;
  share: number;
  rank: number;
}
