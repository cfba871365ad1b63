/**
 * Microsoft Graph on @microsoft/microsoft-graph-client: its middleware chain (authentication on
 * @azure/identity, RetryHandler honouring 429 and Retry-After) plus a counting step; `list` follows
 * @odata.nextLink; `batch` sends $batch requests 20 at a time (learn.microsoft.com/graph/
 * json-batching) and retries the items Graph throttled inside a batch after their Retry-After.
 */
import { AuthenticationHandler, Client, GraphError, HTTPMessageHandler, ResponseType, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { TokenCredential } from '@azure/identity';
import { RESOURCE, type Endpoints } from '../endpoints.js';
import { ServiceError } from '../errors.js';
import { isNetworkError, retryAfterMs, RetryPolicy, TransientFailure, transientStatus } from '../retry.js';
import type { RequestStats } from '../stats.js';

/** Graph's documented maximum per $batch. */
const BATCH_SIZE = 20;
const MAX_BATCH_ROUNDS = 5;

class CountingHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly stats: RequestStats) {}

  async execute(context: Context): Promise<void> {
    this.stats.graph += 1;
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** A Graph answer worth another try: 408, 429 or 5xx, with its Retry-After. */
class RetriableAnswer extends Error {
  constructor(readonly retryAfterMs: number | undefined) {
    super('retriable answer');
  }
}

/**
 * The run's retry policy as Graph middleware, in place of the SDK's RetryHandler (which neither
 * retries a dropped connection nor knows the run's budget). When the policy gives up on an
 * answer, the last answer goes on to the SDK, which makes its GraphError as usual.
 */
class PolicyRetryHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly stats: RequestStats,
  ) {}

  async execute(context: Context): Promise<void> {
    try {
      await this.policy.run(
        async () => {
          await this.policy.ready('graph');
          await this.next?.execute(context);
          const status = context.response?.status;
          if (status === undefined || !transientStatus(status)) return;
          const retryAfter = retryAfterMs(context.response?.headers.get('retry-after'));
          if (retryAfter !== undefined) this.policy.pause('graph', retryAfter);
          throw new RetriableAnswer(retryAfter);
        },
        (error) =>
          error instanceof RetriableAnswer
            ? { transient: true, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) }
            : { transient: isNetworkError(error) },
        () => (this.stats.retries += 1),
      );
    } catch (error) {
      if (error instanceof TransientFailure && error.cause instanceof RetriableAnswer) return;
      throw error;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export interface BatchItem {
  readonly id: string;
  /** A path under the version, e.g. `/users/{id}/mailboxSettings`. */
  readonly url: string;
}

export interface BatchAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface GraphClientOptions {
  /** The run's retry policy; without one, a policy of its own from the options below. */
  readonly retry?: RetryPolicy;
  readonly maxRetries?: number;
  /** Seconds to wait when a 429 carries no Retry-After. */
  readonly retryDelaySeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A value as an OData string literal's content in a $filter: a single quote doubled. */
export const odataString = (value: string): string => value.replaceAll("'", "''");

function toServiceError(error: unknown): unknown {
  if (error instanceof GraphError) {
    // A connection that stayed down reaches here as the SDK's GraphError around the policy's TransientFailure.
    const status = error.statusCode > 0 ? error.statusCode : 0;
    return new ServiceError('graph', status, error.code ?? (status === 0 ? 'ConnectionFailed' : 'Unknown'), error.message, { cause: error });
  }
  if (error instanceof TransientFailure) return new ServiceError('graph', 0, 'ConnectionFailed', error.message, { cause: error });
  return error;
}

export class GraphClient {
  private readonly client: Client;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly retry: RetryPolicy;

  constructor(
    credential: TokenCredential,
    endpoints: Endpoints,
    private readonly stats: RequestStats,
    options: GraphClientOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.retry =
      options.retry ?? new RetryPolicy({ maxAttempts: (options.maxRetries ?? 5) + 1, baseDelayMs: (options.retryDelaySeconds ?? 3) * 1000, sleep: this.sleep });
    const chain: Middleware[] = [
      new AuthenticationHandler(new TokenCredentialAuthenticationProvider(credential, { scopes: [RESOURCE.graph] })),
      new PolicyRetryHandler(this.retry, stats),
      new CountingHandler(stats),
      new HTTPMessageHandler(),
    ];
    chain.reduce((previous, next) => {
      previous.setNext?.(next);
      return next;
    });
    this.client = Client.initWithMiddleware({
      middleware: chain[0],
      baseUrl: endpoints.graphUrl,
      customHosts: new Set([new URL(endpoints.graphUrl).hostname]),
      defaultVersion: 'v1.0',
    });
  }

  async get<T>(path: string): Promise<T> {
    try {
      return (await this.client.api(path).get()) as T;
    } catch (error) {
      throw toServiceError(error);
    }
  }

  /** Every item of a collection, page after page. */
  async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next !== undefined) {
      const page: { value: T[]; '@odata.nextLink'?: string } = await this.get(next);
      items.push(...page.value);
      next = page['@odata.nextLink'];
    }
    return items;
  }

  /** The text an API answers (the usage report's CSV, after Graph's redirect). */
  async text(path: string): Promise<string> {
    try {
      return (await this.client.api(path).responseType(ResponseType.TEXT).get()) as string;
    } catch (error) {
      throw toServiceError(error);
    }
  }

  /**
   * GET each item through $batch, 20 to a request. Items Graph answers 408, 429 or 5xx are sent again after the
   * longest Retry-After among them; other statuses are returned as they came.
   */
  async batch(items: readonly BatchItem[]): Promise<Map<string, BatchAnswer>> {
    const answers = new Map<string, BatchAnswer>();
    let pending = [...items];
    for (let round = 0; pending.length > 0; round += 1) {
      const throttled: BatchItem[] = [];
      let waitMs = 0;
      for (let start = 0; start < pending.length; start += BATCH_SIZE) {
        const chunk = pending.slice(start, start + BATCH_SIZE);
        const body: { responses: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[] } = await this.post('/$batch', {
          requests: chunk.map((item) => ({ id: item.id, method: 'GET', url: item.url })),
        });
        for (const response of body.responses) {
          const item = chunk.find((candidate) => candidate.id === response.id);
          const header = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
          // A sub-request is classified as a request of its own (issue 29): 408, 429 and 5xx are tried again, the rest are answers.
          const wait = this.retry.delayMs(round + 1, retryAfterMs(header));
          if (transientStatus(response.status) && item !== undefined && round < MAX_BATCH_ROUNDS && this.retry.allows(round + 1, wait)) {
            throttled.push(item);
            waitMs = Math.max(waitMs, wait);
          } else {
            answers.set(response.id, { status: response.status, body: response.body });
          }
        }
      }
      if (throttled.length > 0) {
        this.stats.retries += throttled.length;
        this.retry.retries += throttled.length;
        await this.sleep(waitMs);
      }
      pending = throttled;
    }
    return answers;
  }

  /** POST a body (provisioning writes, and $batch). */
  async post<T>(path: string, body: unknown): Promise<T> {
    try {
      return (await this.client.api(path).post(body)) as T;
    } catch (error) {
      throw toServiceError(error);
    }
  }

  /** DELETE an object (provisioning removes what a spec dropped). */
  async delete(path: string): Promise<void> {
    try {
      await this.client.api(path).delete();
    } catch (error) {
      throw toServiceError(error);
    }
  }

  /** PATCH a body (provisioning writes, such as blocking a shared mailbox's sign-in). */
  async patch(path: string, body: unknown): Promise<void> {
    try {
      await this.client.api(path).patch(body);
    } catch (error) {
      throw toServiceError(error);
    }
  }
}
