/**
 * Where Microsoft 365 is: Microsoft's endpoints, or those the MBX_* variables name (docs/architecture.md,
 * "Connecting to a tenant"; `mbx emulator` prints exactly these). Tokens are always asked for
 * Microsoft's resource URIs, wherever the calls go: an emulated tenant checks the same audiences.
 */
import { MbxError } from '../errors.js';

export interface Endpoints {
  readonly authorityHost: string;
  readonly graphUrl: string;
  readonly exchangeUrl: string;
  /** Whether the authority is Microsoft's own; anything else needs instance discovery off. */
  readonly microsoftAuthority: boolean;
}

export const MICROSOFT = {
  authorityHost: 'https://login.microsoftonline.com',
  graphUrl: 'https://graph.microsoft.com',
  exchangeUrl: 'https://outlook.office365.com',
} as const;

/** The resource each client asks a token for. */
export const RESOURCE = {
  graph: 'https://graph.microsoft.com/.default',
  exchange: 'https://outlook.office365.com/.default',
} as const;

const trim = (url: string): string => url.replace(/\/+$/, '');

/** The URL a variable holds, when it is an https one (TLS is never optional); else a named error saying what it should be. */
export function httpsUrl(variable: string, value: string, should: string): string {
  if (URL.canParse(value) && new URL(value).protocol === 'https:') return value;
  throw new MbxError('CONFIG_INVALID', `${variable} is '${value}', which is not an https URL; ${should}`, { variable });
}

/** An endpoint variable's value, or Microsoft's. */
function endpoint(env: NodeJS.ProcessEnv, variable: 'MBX_AUTHORITY_HOST' | 'MBX_GRAPH_URL' | 'MBX_EXCHANGE_URL', fallback: string): string {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  return trim(
    httpsUrl(variable, value, `set it to the service's address (such as ${fallback}), or unset it for Microsoft's. mbx emulator prints working values.`),
  );
}

export function endpointsFrom(env: NodeJS.ProcessEnv): Endpoints {
  const authorityHost = endpoint(env, 'MBX_AUTHORITY_HOST', MICROSOFT.authorityHost);
  return {
    authorityHost,
    graphUrl: endpoint(env, 'MBX_GRAPH_URL', MICROSOFT.graphUrl),
    exchangeUrl: endpoint(env, 'MBX_EXCHANGE_URL', MICROSOFT.exchangeUrl),
    microsoftAuthority: authorityHost === MICROSOFT.authorityHost,
  };
}
