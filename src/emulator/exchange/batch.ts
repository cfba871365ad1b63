/**
 * POST /adminapi/beta/{tenant}/$batch: several InvokeCommand requests in one, as the
 * ExchangeOnlineManagement module batches Get-EXO* calls and CIPP's New-ExoBulkRequest sends them
 * (KelvinTegelaar/CIPP-API, Modules/CIPPCore/Public/GraphHelper/New-ExoBulkRequest.ps1: at most 10
 * a batch, `{"requests":[{"id","method":"POST","url":".../InvokeCommand","body":{"CmdletInput":...}}]}`
 * in, `{"responses":[{"id","status","body"}]}` out). Each item runs in order, through the fault
 * layer on its own (named by its cmdlet, as InvokeCommand is), so a 429 can come back inside a 200
 * batch, with the item's own Retry-After.
 *
 * Differences (docs/emulator.md): Microsoft documents no limit or throttling rule for this
 * endpoint [unverified: the 10 is CIPP's]; the emulator refuses more than 10 items and counts the
 * batch as one request against the concurrency limit, each item as one against the fault rules.
 */
import type { EmulatorContext } from '../context.js';
import { faultBody } from '../http/envelopes.js';
import { isRecord, json, readJson, type EmuRequest, type EmuResponse } from '../http/types.js';

export const MAX_BATCH = 10;

type Invoke = (request: EmuRequest, context: EmulatorContext) => Promise<EmuResponse>;

const badBatch = (message: string): EmuResponse => json(400, { error: { code: 'BadRequest', message, details: [] } });

/** The JSON of an answer's body, whatever form the handler gave it. */
function bodyOf(response: EmuResponse): unknown {
  const { body } = response;
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    const text = body.toString();
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return body;
}

export async function exchangeBatch(request: EmuRequest, context: EmulatorContext, invoke: Invoke): Promise<EmuResponse> {
  const parsed = readJson(request);
  const items = isRecord(parsed) && Array.isArray(parsed.requests) ? (parsed.requests as unknown[]) : undefined;
  if (items === undefined) return badBatch('The batch body must be {"requests":[...]}.');
  if (items.length === 0 || items.length > MAX_BATCH) return badBatch(`A batch holds 1 to ${MAX_BATCH} requests; this one holds ${items.length}.`);
  const ids = new Set<string>();
  const responses: { id: string; status: number; headers: Record<string, string>; body: unknown }[] = [];
  for (const item of items) {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.url !== 'string' || String(item.method ?? 'POST').toUpperCase() !== 'POST')
      return badBatch('Each batch request needs an id, method POST and the InvokeCommand url.');
    if (ids.has(item.id)) return badBatch(`The batch request id '${item.id}' is used twice.`);
    ids.add(item.id);
    const url = new URL(item.url, context.baseUrl);
    if (!/^\/adminapi\/beta\/[^/]+\/InvokeCommand$/i.test(url.pathname)) return badBatch(`A batch request must call InvokeCommand, not ${url.pathname}.`);
    const body = Buffer.from(JSON.stringify(item.body ?? {}));
    const cmdlet = /"CmdletName"\s*:\s*"([^"]+)"/.exec(body.toString('utf8'))?.[1] ?? 'InvokeCommand';
    const decision = context.faults.decide(
      { surface: 'exchange', operation: cmdlet, appId: undefined, client: `batch:${request.headers.authorization?.slice(-16) ?? ''}` },
      0,
      context.now().getTime(),
    );
    let response: EmuResponse;
    if (decision.kind === 'answer' || decision.kind === 'drop') {
      const status = decision.kind === 'answer' ? decision.status : 503;
      response = {
        status,
        headers: decision.kind === 'answer' && decision.retryAfterSeconds !== undefined ? { 'retry-after': String(decision.retryAfterSeconds) } : {},
        body: (decision.kind === 'answer' ? decision.body : undefined) ?? faultBody('exchange', status, request.requestId, context.now()),
      };
    } else {
      try {
        const headers = {
          ...request.headers,
          ...(isRecord(item.headers) ? Object.fromEntries(Object.entries(item.headers).map(([key, value]) => [key.toLowerCase(), String(value)])) : {}),
        };
        const tenant = /^\/adminapi\/beta\/([^/]+)\//i.exec(url.pathname)?.[1] ?? '';
        response = await invoke({ method: 'POST', url, headers, body, params: { tenant }, requestId: request.requestId }, context);
      } finally {
        if (decision.kind === 'pass') decision.release();
      }
    }
    context.counters.count('exchange', cmdlet, response.status, decision.kind !== 'pass');
    responses.push({ id: item.id, status: response.status, headers: { ...(response.headers ?? {}) }, body: bodyOf(response) });
  }
  return json(200, { responses });
}
