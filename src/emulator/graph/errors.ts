/** Graph's answers: its error envelope with request ids (fidelity 3.1) and the common errors. */
import { clientRequestIdOf, graphError } from '../http/envelopes.js';
import { json, type EmuRequest, type EmuResponse } from '../http/types.js';
import type { EmulatorContext } from '../context.js';

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const GRAPH_ERRORS = {
  notFound: (id: string) =>
    new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`),
  denied: () => new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  badRequest: (message: string) => new GraphError(400, 'Request_BadRequest', message),
  invalidRequest: (message: string) => new GraphError(400, 'invalidRequest', message),
  unsupportedQuery: (message: string) => new GraphError(400, 'Request_UnsupportedQuery', message),
  conflict: (property: string) => new GraphError(400, 'Request_BadRequest', `Another object with the same value for property ${property} already exists.`),
  alreadyExists: (message: string) => new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', message),
  noMailbox: () => new GraphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.'),
  unauthenticated: (message: string) =>
    new GraphError(401, 'InvalidAuthenticationToken', message, {
      'www-authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    }),
} as const;

export function graphErrorResponse(error: GraphError, request: EmuRequest, context: EmulatorContext): EmuResponse {
  return json(
    error.status,
    graphError(error.code, error.message, request.requestId, context.now(), clientRequestIdOf(request.headers, request.requestId)),
    error.headers,
  );
}
