/**
 * POST /v1.0/$batch (learn.microsoft.com/graph/json-batching): at most 20 requests, inner URLs
 * relative to /v1.0, dependsOn honoured (a failed dependency is 424) in a batch that is fully
 * sequential or fully parallel, each inner request run
 * through the fault layer on its own, so a 429 can arrive inside a 200 batch.
 */
import type { EmulatorContext } from '../context.js';
import { Dispatcher } from '../http/dispatch.js';
import { faultBody } from '../http/envelopes.js';
import { isRecord, json, readJson, route, type EmuRequest, type EmuResponse, type Route } from '../http/types.js';
import { GRAPH_ERRORS, graphErrorResponse } from './errors.js';

const MAX_REQUESTS = 20;

interface InnerRequest {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly dependsOn?: readonly string[];
}

function parse(request: EmuRequest): InnerRequest[] {
  const input = readJson(request);
  const requests = isRecord(input) ? input.requests : undefined;
  if (!Array.isArray(requests)) throw GRAPH_ERRORS.badRequest('The batch body must be {"requests":[...]}.');
  if (requests.length > MAX_REQUESTS)
    throw GRAPH_ERRORS.badRequest(`The number of requests in the batch (${requests.length}) exceeds the limit of ${MAX_REQUESTS}.`);
  const ids = new Set<string>();
  return requests.map((item: unknown) => {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.method !== 'string' || typeof item.url !== 'string') {
      throw GRAPH_ERRORS.badRequest('Each batch request needs an id, a method and a url.');
    }
    if (ids.has(item.id)) throw GRAPH_ERRORS.badRequest(`The batch request id '${item.id}' is used twice.`);
    if (Array.isArray(item.dependsOn) && item.dependsOn.some((id) => typeof id !== 'string' || !ids.has(id)))
      throw GRAPH_ERRORS.badRequest(`Invalid dependency for request Id ${item.id}.`);
    ids.add(item.id);
    return item as unknown as InnerRequest;
  });
}

/**
 * A batch is fully parallel (no dependsOn) or fully sequential (every request after the first
 * depends on another): Graph refuses a mix with 400 "Batch should be either fully sequential or
 * fully parallel." (microsoftgraph/microsoft-graph-docs#16280), and a dependency on a request
 * that comes later or does not exist as "Invalid dependency for request Id ..."
 * (msgraph-sdk-dotnet-core#891; the id's form in the text is inferred).
 */
function checkSequencing(requests: readonly InnerRequest[]): void {
  const dependent = requests.filter((inner) => (inner.dependsOn ?? []).length > 0).length;
  if (dependent > 0 && dependent < requests.length - 1) throw GRAPH_ERRORS.badRequest('Batch should be either fully sequential or fully parallel.');
}

async function runOne(inner: InnerRequest, outer: EmuRequest, context: EmulatorContext, dispatcher: Dispatcher): Promise<EmuResponse> {
  const path = `/v1.0/${inner.url.replace(/^\/+/, '').replace(/^v1\.0\//, '')}`;
  const url = new URL(path, context.baseUrl);
  const method = inner.method.toUpperCase();
  const match = dispatcher.match(method, url.pathname);
  if (match === undefined) return json(501, faultBody('graph', 501, outer.requestId, context.now()));
  const decision = context.faults.decide(
    { surface: 'graph', operation: match.route.operation, appId: undefined, client: `batch:${outer.headers.authorization?.slice(-16) ?? ''}` },
    0,
    context.now().getTime(),
  );
  if (decision.kind === 'answer') {
    return {
      status: decision.status,
      headers: decision.retryAfterSeconds === undefined ? {} : { 'retry-after': String(decision.retryAfterSeconds) },
      body: decision.body ?? faultBody('graph', decision.status, outer.requestId, context.now()),
    };
  }
  try {
    const headers = { ...outer.headers, ...Object.fromEntries(Object.entries(inner.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value])) };
    const body = inner.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(inner.body));
    return await match.route.handle({ method, url, headers, body, params: match.params, requestId: outer.requestId }, context);
  } finally {
    if (decision.kind === 'pass') decision.release();
  }
}

export function batchRoute(routes: readonly Route[]): Route {
  const dispatcher = new Dispatcher(routes);
  return route('graph', 'POST', /^\/v1\.0\/\$batch$/, 'batch', async (request, context) => {
    let requests: InnerRequest[];
    try {
      requests = parse(request);
      checkSequencing(requests);
    } catch (error) {
      return graphErrorResponse(error as never, request, context);
    }
    const results = new Map<string, EmuResponse>();
    for (const inner of requests) {
      const failed = (inner.dependsOn ?? []).some((id) => (results.get(id)?.status ?? 424) >= 400);
      const response = failed
        ? json(424, { error: { code: 'FailedDependency', message: 'A request this one depends on failed.' } })
        : await runOne(inner, request, context, dispatcher);
      results.set(inner.id, response);
    }
    return json(200, {
      responses: requests.map((inner) => {
        const response = results.get(inner.id) as EmuResponse;
        return { id: inner.id, status: response.status, headers: response.headers ?? {}, body: response.body };
      }),
    });
  });
}
