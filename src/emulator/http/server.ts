/**
 * The HTTPS adapter: one loopback port for the token endpoint, Graph, the Exchange admin API and
 * the control API. It reads the request, asks the fault layer, runs the handler the dispatcher
 * finds, and writes the answer with the headers every Microsoft service sends (request-id,
 * client-request-id). Handlers never see the socket.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import type { EmulatorContext } from '../context.js';
import type { FaultTarget } from '../faults/engine.js';
import type { TlsMaterial } from '../tls.js';
import { Dispatcher, notEmulated, surfaceOf } from './dispatch.js';
import { clientRequestIdOf, faultBody } from './envelopes.js';
import type { EmuRequest, EmuResponse, Route } from './types.js';

/** Graph's $batch of 20 requests stays far below this; a state import of a big tenant does not. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_CONTROL_BODY_BYTES = 512 * 1024 * 1024;

export function createHttpsServer(context: EmulatorContext, tls: TlsMaterial, routes: readonly Route[]): Server {
  const dispatcher = new Dispatcher(routes);
  const server = createServer({ cert: tls.cert, key: tls.key, keepAlive: true }, (req, res) => {
    handle(context, dispatcher, req, res).catch((error: unknown) => {
      context.log.error({ err: error }, 'emulator request failed');
      if (!res.headersSent)
        writeResponse(res, { status: 500, body: { error: { code: 'InternalServerError', message: 'mbx emulator internal error' } } }, randomUUID());
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The caller a bearer token names: its app, and the principal (user or service principal) it acts as. */
function bearer(req: IncomingMessage): { appId?: string; principal?: string } {
  const header = req.headers.authorization;
  if (header === undefined || !/^Bearer /i.test(header)) return {};
  try {
    const claims = decodeJwt(header.slice(7).trim());
    const principal = typeof claims.oid === 'string' ? claims.oid : typeof claims.sub === 'string' ? claims.sub : undefined;
    return { ...(typeof claims.appid === 'string' ? { appId: claims.appid } : {}), ...(principal === undefined ? {} : { principal }) };
  } catch {
    return {};
  }
}

/**
 * Who a request comes from, for Retry-After policing (issue 15): the app and principal of its token,
 * or on the token endpoint the client_id it signs in as; never the remote address, which every
 * client on one machine (127.0.0.1) shares, so one client's early retry would punish the others.
 */
function clientOf(surface: string, body: Buffer, caller: { appId?: string; principal?: string }): string {
  if (caller.appId !== undefined) return `app:${caller.appId}|${caller.principal ?? ''}`;
  if (surface === 'entra') {
    const clientId = new URLSearchParams(body.toString('utf8')).get('client_id');
    if (clientId !== null && clientId !== '') return `client:${clientId}`;
  }
  return 'anonymous';
}

async function handle(context: EmulatorContext, dispatcher: Dispatcher, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', context.baseUrl);
  const surface = surfaceOf(url.pathname);
  const body = await readBody(req, surface === 'control' ? MAX_CONTROL_BODY_BYTES : MAX_BODY_BYTES);
  if (body === undefined) {
    writeResponse(res, { status: 413, body: { error: { code: 'RequestEntityTooLarge', message: 'The request body is too large.' } } }, requestId);
    return;
  }
  const match = dispatcher.match(method, url.pathname);
  const operation = match === undefined ? 'unknown' : (match.route.operationOf?.(body) ?? match.route.operation);
  const caller = bearer(req);
  const appId = caller.appId;
  const target: FaultTarget = { surface: surface === 'control' ? 'entra' : surface, operation, appId, client: clientOf(surface, body, caller) };

  // The control API is never faulted or delayed: tests use it to set faults up and read counters.
  const decision = surface === 'control' ? undefined : context.faults.decide(target, context.settings.latencyMs, context.now().getTime());
  if (decision !== undefined && decision.latencyMs > 0) await delay(decision.latencyMs);

  let response: EmuResponse;
  let faulted = false;
  try {
    if (decision?.kind === 'drop') {
      context.counters.count(surface, operation, 0, true);
      req.socket.destroy();
      return;
    }
    if (decision?.kind === 'answer') {
      faulted = true;
      response = {
        status: decision.status,
        headers: decision.retryAfterSeconds !== undefined ? { 'retry-after': String(decision.retryAfterSeconds) } : {},
        body: decision.body ?? faultBody(surface, decision.status, requestId, context.now(), clientRequestIdOf(req.headers, requestId)),
      };
    } else if (match === undefined) {
      response = dispatcher.pathKnown(url.pathname)
        ? { status: 405, body: { error: { code: 'MethodNotAllowed', message: `${method} is not allowed on ${url.pathname}.` } } }
        : notEmulated(surface, method, url.pathname, requestId, context.now());
    } else {
      const request: EmuRequest = { method, url, headers: req.headers, body, params: match.params, requestId };
      response = await match.route.handle(request, context);
    }
  } finally {
    if (decision?.kind === 'pass') decision.release();
  }

  const retryAfter = response.headers?.['retry-after'];
  // A policing answer repeats the time left of the first Retry-After; it does not start a new one.
  const policing = decision?.kind === 'answer' && decision.rule === 'retry-after-policing';
  if (retryAfter !== undefined && surface !== 'control' && !policing) context.faults.noteRetryAfter(target, Number(retryAfter), context.now().getTime());
  context.counters.count(surface, operation, response.status, faulted);
  if (response.drop === true) {
    req.socket.destroy();
    return;
  }
  writeResponse(res, response, requestId, req.headers['client-request-id']);
}

function writeResponse(res: ServerResponse, response: EmuResponse, requestId: string, clientRequestId?: string | string[]): void {
  const headers: Record<string, string> = {
    'request-id': requestId,
    'client-request-id': typeof clientRequestId === 'string' ? clientRequestId : requestId,
    ...response.headers,
  };
  let payload: Buffer | string | undefined;
  if (response.body === undefined) payload = undefined;
  else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) payload = response.body;
  else {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
