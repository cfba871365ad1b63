/**
 * Microsoft Graph on @microsoft/microsoft-graph-client: its middleware chain (authentication on
 * @azure/identity, RetryHandler honouring 429 and Retry-After) plus a counting step; `list` follows
 * @odata.nextLink; `batch` sends $batch requests 20 at a time (learn.microsoft.com/graph/
 * json-batching) and retries the items Graph throttled inside a batch after their Retry-After.
 */
import { AuthenticationHandler, Client, GraphError, HTTPMessageHandler, ResponseType, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { TokenCredential } from '@azure/identity';
import { RESOURCE, type Endpoints } from '../endpoints.js';
import { ServiceError } from '../errors.js';
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
  readonly maxRetries?: number;
  /** Seconds to wait when a 429 carries no Retry-After. */
  readonly retryDelaySeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A value as an OData string literal's content in a $filter: a single quote doubled. */
export const odataString = (value: string): string => value.replaceAll("'", "''");

function toServiceError(error: unknown): unknown {
  if (error instanceof GraphError) return new ServiceError('graph', error.statusCode, error.code ?? 'Unknown', error.message, { cause: error });
  return error;
}

export class GraphClient {
  private readonly client: Client;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    credential: TokenCredential,
    endpoints: Endpoints,
    private readonly stats: RequestStats,
    options: GraphClientOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const retry = new RetryHandler(
      new RetryHandlerOptions(options.retryDelaySeconds ?? 3, options.maxRetries ?? 5, () => {
        stats.retries += 1;
        return true;
      }),
    );
    const chain: Middleware[] = [new AuthenticationHandler(new TokenCredentialAuthenticationProvider(credential, { scopes: [RESOURCE.graph] })), retry, new CountingHandler(stats), new HTTPMessageHandler()];
    chain.reduce((previous, next) => {
      previous.setNext?.(next);
      return next;
    });
    this.client = Client.initWithMiddleware({ middleware: chain[0], baseUrl: endpoints.graphUrl, customHosts: new Set([new URL(endpoints.graphUrl).hostname]), defaultVersion: 'v1.0' });
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
   * GET each item through $batch, 20 to a request. Items Graph answers 429 are sent again after the
   * longest Retry-After among them; other statuses are returned as they came.
   */
  async batch(items: readonly BatchItem[]): Promise<Map<string, BatchAnswer>> {
    const answers = new Map<string, BatchAnswer>();
    let pending = [...items];
    for (let round = 0; pending.length > 0; round += 1) {
      const throttled: BatchItem[] = [];
      let waitSeconds = 0;
      for (let start = 0; start < pending.length; start += BATCH_SIZE) {
        const chunk = pending.slice(start, start + BATCH_SIZE);
        const body: { responses: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[] } = await this.post('/$batch', {
          requests: chunk.map((item) => ({ id: item.id, method: 'GET', url: item.url })),
        });
        for (const response of body.responses) {
          const item = chunk.find((candidate) => candidate.id === response.id);
          if (response.status === 429 && item !== undefined && round < MAX_BATCH_ROUNDS) {
            throttled.push(item);
            const header = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
            waitSeconds = Math.max(waitSeconds, Number(header ?? 1) || 1);
          } else {
            answers.set(response.id, { status: response.status, body: response.body });
          }
        }
      }
      if (throttled.length > 0) {
        this.stats.retries += throttled.length;
        await this.sleep(waitSeconds * 1000);
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

  /** PATCH a body (provisioning writes, such as blocking a shared mailbox's sign-in). */
  async patch(path: string, body: unknown): Promise<void> {
    try {
      await this.client.api(path).patch(body);
    } catch (error) {
      throw toServiceError(error);
    }
  }

}
