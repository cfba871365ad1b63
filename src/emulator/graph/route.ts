/** A Graph route: authenticate, check the permission, run the handler (keeping the directory audit record of an app's change), answer errors in Graph's envelope. */
import type { EmulatorContext } from '../context.js';
import { json, readJson, isRecord, route, type EmuRequest, type EmuResponse, type Route } from '../http/types.js';
import { authenticate, requirePermission, type Caller, type Needs } from './auth.js';
import { watchDirectoryChange } from './directory-audit.js';
import { GRAPH_ERRORS, GraphError, graphErrorResponse } from './errors.js';

export type GraphHandler = (request: EmuRequest, context: EmulatorContext, caller: Caller) => EmuResponse | Promise<EmuResponse>;

export function graphRoute(method: string, path: string, operation: string, needs: Needs | undefined, handle: GraphHandler): Route {
  return route('graph', method, new RegExp(`^/v1\\.0/${path}$`), operation, async (request, context) => {
    try {
      const caller = await authenticate(request, context);
      if (needs !== undefined) requirePermission(caller, needs);
      const audit = request.method === 'GET' ? undefined : watchDirectoryChange(operation, request, caller, context);
      const answer = await handle(request, context, caller);
      audit?.done(answer.status, answer.body);
      return answer;
    } catch (error) {
      if (error instanceof GraphError) return graphErrorResponse(error, request, context);
      throw error;
    }
  });
}

export function body(request: EmuRequest): Record<string, unknown> {
  const value = readJson(request);
  if (!isRecord(value)) throw GRAPH_ERRORS.badRequest('The request body must be a JSON object.');
  return value;
}

export function entity(context: EmulatorContext, entitySet: string, value: Record<string, unknown>, status = 200): EmuResponse {
  return json(status, { '@odata.context': `${context.baseUrl}/v1.0/$metadata#${entitySet}/$entity`, ...value });
}

export const GUID_PATTERN = '[0-9a-fA-F-]{36}';
/** A path segment: an id, or a UPN (users accept both). */
export const KEY = '(?<id>[^/()]+)';
