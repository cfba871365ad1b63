/**
 * What a handler sees and returns. Handlers never touch sockets (docs/style.md, rule 12): the adapter
 * (server.ts) turns a Node request into an EmuRequest and writes the EmuResponse back.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorContext } from '../context.js';

export type Surface = 'entra' | 'graph' | 'exchange' | 'control';

export interface EmuRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Named groups of the route pattern that matched. */
  readonly params: Readonly<Record<string, string>>;
  /** A fresh GUID per request, echoed as `request-id`. */
  readonly requestId: string;
}

export interface EmuResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or bytes is sent as is; anything else as JSON. */
  readonly body?: unknown;
  /** Close the connection without an answer (a fault). */
  readonly drop?: boolean;
}

export type Handler = (request: EmuRequest, context: EmulatorContext) => EmuResponse | Promise<EmuResponse>;

export interface Route {
  readonly surface: Surface;
  /** The operation's name, as fault rules and request counters know it (e.g. `users.list`). */
  readonly operation: string;
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: Handler;
  /** A finer operation name read from the body (the Exchange cmdlet), for faults and counters. */
  readonly operationOf?: (body: Buffer) => string;
}

export function route(surface: Surface, method: string, pattern: RegExp, operation: string, handle: Handler): Route {
  return { surface, method, pattern, operation, handle };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
  return { status, body, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } };
}

/** The request body as JSON, or undefined when it is not JSON. */
export function readJson(request: EmuRequest): unknown {
  if (request.body.length === 0) return undefined;
  try {
    return JSON.parse(request.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a request's `Authorization: Bearer` token is `expected`, compared in constant time (the control API's token, the CI issuers' request tokens). */
export function bearerIs(request: EmuRequest, expected: string): boolean {
  const given = Buffer.from((request.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
