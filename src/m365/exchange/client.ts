/**
 * The Exchange Online admin API, as ExchangeOnlineManagement v3 calls it: `POST {exchange}/
 * adminapi/beta/{tenant}/InvokeCommand` with `{"CmdletInput":{"CmdletName","Parameters"}}`, pages
 * by `Prefer: odata.maxpagesize` and @odata.nextLink (the same body POSTed again), errors in the
 * envelope `{"error":{"code","message","details":[{"message":"StringId|Exception|text"}]}}`
 * (fidelity 1.1-1.6). 429 and 5xx are retried with Retry-After or exponential backoff with full
 * jitter, a bounded number of times; at most `concurrency` requests are in flight, as Exchange
 * throttles per app.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { Agent, request as httpsRequest } from 'node:https';
import pLimit, { type LimitFunction } from 'p-limit';
import { RESOURCE, type Endpoints } from '../endpoints.js';
import { ServiceError } from '../errors.js';
import { isNetworkError, retryAfterMs, RetryPolicy, transientStatus, type Attempted } from '../retry.js';
import type { RequestStats } from '../stats.js';

export type CmdletParameters = Readonly<Record<string, unknown>>;

/** One cmdlet of a batch. */
export interface CmdletCall {
  readonly cmdlet: string;
  readonly parameters?: CmdletParameters;
}

/** Cmdlets in one `$batch` request at most. */
const BATCH_SIZE = 10;

interface BatchItem {
  readonly id: string;
  readonly status: number;
  readonly body?: unknown;
}

/** An Exchange error, with the parts of `details[].message` split out. */
export class ExchangeError extends ServiceError {
  constructor(
    status: number,
    code: string,
    readonly exceptionType: string,
    readonly text: string,
    /** The Retry-After that came with it, in milliseconds. */
    readonly retryAfterMs?: number,
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
  readonly pageSize?: number;
  /** The run's retry policy; without one, a policy of its own from the options below. */
  readonly retry?: RetryPolicy;
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

interface Envelope {
  readonly value?: Record<string, unknown>[];
  readonly '@odata.nextLink'?: string;
  readonly '@adminapi.warnings'?: string[];
}

function parseError(status: number, text: string, retryAfter?: number): ExchangeError {
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
  return new ExchangeError(status, code, exceptionType, message, retryAfter);
}

/** 429, 5xx and a dropped connection are worth another try; Exchange's own refusals are not. */
function classify(error: unknown): Attempted {
  if (error instanceof ExchangeError)
    return { transient: transientStatus(error.status), ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) };
  return { transient: false };
}

export class ExchangeClient {
  private readonly limit: LimitFunction;
  private cachedToken: AccessToken | undefined;
  private readonly agent: Agent;
  /** Requests in flight at most; callers size their own work pools by it. */
  readonly concurrency: number;
  private readonly pageSize: number;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly credential: TokenCredential,
    private readonly endpoints: Endpoints,
    private readonly tenantId: string,
    private readonly stats: RequestStats,
    options: ExchangeClientOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.agent = new Agent({ keepAlive: true, maxSockets: this.concurrency });
    this.limit = pLimit(this.concurrency);
    this.pageSize = options.pageSize ?? 1000;
    this.retry =
      options.retry ??
      new RetryPolicy({
        maxAttempts: options.maxAttempts ?? 6,
        maxBackoffMs: 30_000,
        ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
        ...(options.random === undefined ? {} : { random: options.random }),
      });
  }

  /**
   * Run a cmdlet and return every object of every page. `select` asks for only those properties
   * (`?$select=`, fidelity 1.x): a full mailbox object is some eighty of them.
   */
  async invoke(cmdlet: string, parameters: CmdletParameters = {}, options: { select?: readonly string[] } = {}): Promise<Record<string, unknown>[]> {
    const body = JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } });
    const objects: Record<string, unknown>[] = [];
    const select = options.select === undefined ? '' : `?$select=${options.select.join(',')}`;
    let url: string | undefined = `${this.endpoints.exchangeUrl}/adminapi/beta/${this.tenantId}/InvokeCommand${select}`;
    while (url !== undefined) {
      // The slot is held for the exchange only; parsing happens after it is free for the next request.
      const text = await this.limit(() => this.send(url as string, body));
      const page = (text === '' ? {} : JSON.parse(text)) as Envelope;
      objects.push(...(page.value ?? []));
      url = page['@odata.nextLink'];
    }
    return objects;
  }

  /**
   * Several cmdlets in one request (`POST .../adminapi/beta/{tenant}/$batch`, at most 10 a batch,
   * as ExchangeOnlineManagement and CIPP batch them): each answers its objects, every page, or its
   * own error. An item throttled or failing transiently inside the batch is run again on its own
   * under the retry policy, and what still fails is that item's answer; a batch that fails whole throws.
   */
  async batch(calls: readonly CmdletCall[]): Promise<(Record<string, unknown>[] | Error)[]> {
    const base = `${this.endpoints.exchangeUrl}/adminapi/beta/${this.tenantId}`;
    const results: (Record<string, unknown>[] | Error)[] = [];
    for (let start = 0; start < calls.length; start += BATCH_SIZE) {
      const chunk = calls.slice(start, start + BATCH_SIZE);
      const inputs = chunk.map((call) => ({ CmdletInput: { CmdletName: call.cmdlet, Parameters: call.parameters ?? {} } }));
      const body = JSON.stringify({
        requests: inputs.map((input, index) => ({ id: String(index), method: 'POST', url: `${base}/InvokeCommand`, body: input })),
      });
      const text = await this.limit(() => this.send(`${base}/$batch`, body));
      const answer = JSON.parse(text) as { responses?: BatchItem[] };
      const answers = await Promise.all(
        chunk.map(async (call, index): Promise<Record<string, unknown>[] | Error> => {
          const item = answer.responses?.find((candidate) => candidate.id === String(index));
          if (item === undefined || transientStatus(item.status)) {
            try {
              return await this.invoke(call.cmdlet, call.parameters ?? {});
            } catch (error) {
              // Still failing after the retry policy: this item's answer, not the batch's.
              return error instanceof Error ? error : new Error(String(error));
            }
          }
          if (item.status >= 300) return parseError(item.status, JSON.stringify(item.body ?? {}));
          const page = (item.body ?? {}) as Envelope;
          const objects = [...(page.value ?? [])];
          let next = page['@odata.nextLink'];
          while (next !== undefined) {
            const url = next;
            const more = JSON.parse(await this.limit(() => this.send(url, JSON.stringify(inputs[index])))) as Envelope;
            objects.push(...(more.value ?? []));
            next = more['@odata.nextLink'];
          }
          return objects;
        }),
      );
      results.push(...answers);
    }
    return results;
  }

  /** POST until a 2xx (its body) or a final error; 429, 5xx and dropped connections are retried by the run's policy. */
  private send(url: string, body: string): Promise<string> {
    return this.retry.run(
      async () => {
        const token = await this.token();
        await this.retry.ready('exchange');
        this.stats.exchange += 1;
        let response: { status: number; retryAfter: string | null; text: string };
        try {
          response = await this.post(
            url,
            { authorization: `Bearer ${token.token}`, 'content-type': 'application/json', prefer: `odata.maxpagesize=${this.pageSize}` },
            body,
          );
        } catch (error) {
          // A dropped connection or a reset: as retriable as a 503.
          if (!isNetworkError(error)) throw error;
          throw new ExchangeError(0, 'ConnectionFailed', '', error instanceof Error ? error.message : String(error));
        }
        const { status, text } = response;
        if (status >= 200 && status < 300) return text;
        const retryAfter = retryAfterMs(response.retryAfter);
        if (retryAfter !== undefined) this.retry.pause('exchange', retryAfter);
        throw parseError(status, text, retryAfter);
      },
      classify,
      () => (this.stats.retries += 1),
    );
  }

  /**
   * One POST over node:https with a keep-alive agent sized to the concurrency. Hand-written rather
   * than fetch: at thousands of small requests, fetch's per-request work doubled the client's CPU
   * and memory churn (npm run bench:verify). TLS is verified against Node's CAs, which include
   * NODE_EXTRA_CA_CERTS.
   */
  private post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; retryAfter: string | null; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /**
   * The credential's token, kept until five minutes before it expires: asking @azure/identity for
   * it on each of 10,000 requests costs more memory churn than the requests themselves.
   */
  private async token(): Promise<AccessToken> {
    if (this.cachedToken !== undefined && this.cachedToken.expiresOnTimestamp - Date.now() > 5 * 60_000) return this.cachedToken;
    const token = await this.credential.getToken(RESOURCE.exchange);
    if (token === null) throw new ExchangeError(401, 'NoToken', '', 'no token for Exchange Online');
    this.cachedToken = token;
    return token;
  }
}
