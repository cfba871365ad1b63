/**
 * The dispatcher: finds the route for a request and answers what no route covers loudly, in the
 * envelope of the service the path belongs to (Azurite's 501 for what it does not emulate).
 */
import type { EmuResponse, Route, Surface } from './types.js';
import { json } from './types.js';

export function surfaceOf(pathname: string): Surface {
  if (pathname.startsWith('/v1.0/') || pathname.startsWith('/beta/') || pathname === '/v1.0' || pathname === '/beta') return 'graph';
  if (pathname.startsWith('/adminapi/')) return 'exchange';
  if (pathname.startsWith('/_emulator/')) return 'control';
  return 'entra';
}

export interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

export class Dispatcher {
  constructor(private readonly routes: readonly Route[]) {}

  match(method: string, pathname: string): Match | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(pathname);
      if (found !== null) {
        const params: Record<string, string> = {};
        for (const [key, value] of Object.entries(found.groups ?? {})) {
          // An alternative the path did not take (`me` rather than `users/{id}`) leaves its group unset.
          if (value !== undefined) params[key] = decodeURIComponent(value);
        }
        return { route, params };
      }
    }
    return undefined;
  }

  /** Whether some route answers the path with another method (405 rather than 501). */
  pathKnown(pathname: string): boolean {
    return this.routes.some((route) => route.pattern.test(pathname));
  }
}

export function notEmulated(surface: Surface, method: string, pathname: string, requestId: string, now: Date): EmuResponse {
  const message = `mbx emulator: ${method} ${pathname} is not emulated. docs/emulator.md lists what is.`;
  switch (surface) {
    case 'graph':
      return json(501, {
        error: { code: 'NotImplemented', message, innerError: { date: now.toISOString(), 'request-id': requestId, 'client-request-id': requestId } },
      });
    case 'exchange':
      return json(501, { error: { code: 'NotImplemented', message, details: [] } });
    case 'entra':
      return json(404, { error: 'not_found', error_description: message });
    case 'control':
      return json(404, { error: { code: 'NotFound', message } });
  }
}
