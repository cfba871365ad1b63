/**
 * Requests each client sent, retries included: the figure `mbx verify` reports and its benchmark
 * holds to "at most 1.1 requests per mailbox plus a constant".
 */
export class RequestStats {
  graph = 0;
  exchange = 0;
  /** Answers that were 429 or 5xx and were tried again. */
  retries = 0;

  snapshot(): { graph: number; exchange: number; retries: number; total: number } {
    return { graph: this.graph, exchange: this.exchange, retries: this.retries, total: this.graph + this.exchange };
  }
}
