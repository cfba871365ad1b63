/**
 * The Exchange Online admin API, as ExchangeOnlineManagement v3 calls it: `POST {exchange}/
 * adminapi/beta/{tenant}/InvokeCommand` with `{"CmdletInput":{"CmdletName","Parameters"}}`, pages
 * by `Prefer: odata.maxpagesize` and @odata.nextLink (the same body POSTed again), errors in the
 * envelope `{"error":{"code","message","details":[{"message":"StringId|Exception|text"}]}}`
 * (fidelity 1.1-1.6). 429 and 5xx are retried with Retry-After or exponential backoff with full
 * jitter, a bounded number of times; at most `concurrency` requests are in flight, as Exchange
 * throttles per app.
 */
import type { TokenCredential } from '@azure/identity';
import pLimit, { type LimitFunction } from 'p-limit';
import { RESOURCE, type Endpoints } from '../endpoints.js';
import { ServiceError } from '../errors.js';
import type { RequestStats } from '../stats.js';

export type CmdletParameters = Readonly<Record<string, unknown>>;

/** An Exchange error, with the parts of `details[].message` split out. */
export class ExchangeError extends ServiceError {
  constructor(
    status: number,
    code: string,
    readonly exceptionType: string,
    readonly text: string,
  ) {
    super('exchange', status, code, text);
  }

  /** ManagementObjectNotFoundException: the identity does not exist. */
  get notFound(): boolean {
    return this.status === 404 || this.exceptionType.endsWith('ManagementObjectNotFoundException');
  }
}

export interface ExchangeClientOptions {
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  readonly pageSize?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

interface Envelope {
  readonly value?: Record<string, unknown>[];
  readonly '@odata.nextLink'?: string;
  readonly '@adminapi.warnings'?: string[];
}

function parseError(status: number, text: string): ExchangeError {
  let code = status === 429 ? 'TooManyRequests' : `HTTP${status}`;
  let message = text.slice(0, 500) || `HTTP ${status}`;
  let exceptionType = '';
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: { message?: string }[] } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
    const detail = body.error?.details?.[0]?.message;
    if (detail !== undefined) {
      const parts = detail.split('|');
      if (parts.length >= 3) {
        exceptionType = parts[1] as string;
        message = parts.slice(2).join('|');
      } else {
        message = detail;
      }
    }
  } catch {
    // Not Exchange's envelope (a proxy's page): keep the text.
  }
  return new ExchangeError(status, code, exceptionType, message);
}

export class ExchangeClient {
  private readonly limit: LimitFunction;
  private readonly maxAttempts: number;
  private readonly pageSize: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly credential: TokenCredential,
    private readonly endpoints: Endpoints,
    private readonly tenantId: string,
    private readonly stats: RequestStats,
    options: ExchangeClientOptions = {},
  ) {
    this.limit = pLimit(options.concurrency ?? 8);
    this.maxAttempts = options.maxAttempts ?? 6;
    this.pageSize = options.pageSize ?? 1000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** Run a cmdlet and return every object of every page. */
  async invoke(cmdlet: string, parameters: CmdletParameters = {}): Promise<Record<string, unknown>[]> {
    const body = JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } });
    const objects: Record<string, unknown>[] = [];
    let url: string | undefined = `${this.endpoints.exchangeUrl}/adminapi/beta/${this.tenantId}/InvokeCommand`;
    while (url !== undefined) {
      const page: Envelope = await this.limit(() => this.send(url as string, body));
      objects.push(...(page.value ?? []));
      url = page['@odata.nextLink'];
    }
    return objects;
  }

  private async send(url: string, body: string): Promise<Envelope> {
    for (let attempt = 1; ; attempt += 1) {
      const token = await this.credential.getToken(RESOURCE.exchange);
      if (token === null) throw new ExchangeError(401, 'NoToken', '', 'no token for Exchange Online');
      this.stats.exchange += 1;
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json', prefer: `odata.maxpagesize=${this.pageSize}` },
          body,
        });
        text = await response.text();
      } catch (error) {
        // A dropped connection or a reset: as retriable as a 503.
        if (attempt >= this.maxAttempts) throw new ExchangeError(0, 'ConnectionFailed', '', error instanceof Error ? error.message : String(error));
        this.stats.retries += 1;
        await this.sleep(this.backoff(attempt, null));
        continue;
      }
      if (response.ok) return (text === '' ? {} : JSON.parse(text)) as Envelope;
      const retriable = response.status === 429 || response.status >= 500;
      if (!retriable || attempt >= this.maxAttempts) throw parseError(response.status, text);
      this.stats.retries += 1;
      await this.sleep(this.backoff(attempt, response.headers.get('retry-after')));
    }
  }

  /** Retry-After when the service gives it; else exponential backoff with full jitter, capped at 30 s. */
  private backoff(attempt: number, retryAfter: string | null): number {
    const seconds = Number(retryAfter);
    if (retryAfter !== null && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    return Math.round(this.random() * Math.min(30_000, 500 * 2 ** attempt));
  }
}
