/** Every HTTP route of the emulator, by surface; the control API's are added by startEmulator. */
import { CI_ROUTES } from './ci-oidc.js';
import { ENTRA_ROUTES } from './entra/routes.js';
import { EXCHANGE_ROUTES } from './exchange/routes.js';
import { GRAPH_ROUTES } from './graph/routes.js';
import type { Route } from './http/types.js';

export const ROUTES: readonly Route[] = [...ENTRA_ROUTES, ...CI_ROUTES, ...GRAPH_ROUTES, ...EXCHANGE_ROUTES];
