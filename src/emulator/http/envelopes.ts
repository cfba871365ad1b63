/**
 * Error bodies in each service's own envelope, for answers the fault layer makes up: Graph's
 * `{error:{code,message,innerError}}` (fidelity 3.1), Exchange's `{error:{code,message,details}}`
 * (1.6) and Entra's OAuth error (4.2).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Surface } from './types.js';

const GRAPH_CODES: Readonly<Record<number, [string, string]>> = {
  429: ['TooManyRequests', 'Too many requests from Identifier: the emulator. Please try again later.'],
  500: ['generalException', 'An unexpected error occurred.'],
  502: ['badGateway', 'Bad gateway.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please try again later.'],
  504: ['gatewayTimeout', 'The gateway timed out.'],
};

/** The client's own client-request-id, when it sent one as a string; Graph echoes it, and makes one (the request-id) otherwise. */
export const clientRequestIdOf = (headers: IncomingHttpHeaders, requestId: string): string => {
  const given = headers['client-request-id'];
  return typeof given === 'string' && given !== '' ? given : requestId;
};

export function graphError(code: string, message: string, requestId: string, now: Date, clientRequestId = requestId): unknown {
  return {
    error: { code, message, innerError: { date: now.toISOString().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId } },
  };
}

export function faultBody(surface: Surface, status: number, requestId: string, now: Date, clientRequestId = requestId): unknown {
  switch (surface) {
    case 'graph': {
      const [code, message] = GRAPH_CODES[status] ?? ['generalException', `The request failed with status ${status}.`];
      return graphError(code, message, requestId, now, clientRequestId);
    }
    case 'exchange':
      // The 429 body of the admin API is not documented (fidelity 7.3); this follows its error envelope.
      return status === 429
        ? {
            error: {
              code: 'TooManyRequests',
              message: 'Too many concurrent requests for the application. Please retry after the time given in Retry-After.',
              details: [],
            },
          }
        : {
            error: {
              code: 'ServerError',
              message:
                'A server side error has occurred because of which the operation could not be completed. Please try again after some time. If the problem still persists, please reach out to MS support.',
              details: [],
            },
          };
    case 'entra':
    case 'control':
      return status === 429
        ? {
            error: 'temporarily_unavailable',
            error_description: 'AADSTS90035: The request was throttled. Please retry after the time given in Retry-After.',
            error_codes: [90035],
          }
        : { error: 'temporarily_unavailable', error_description: 'AADSTS50067: The service is temporarily unavailable.', error_codes: [50067] };
  }
}
