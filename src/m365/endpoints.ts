/**
 * Where Microsoft 365 is: Microsoft's endpoints, or those the MBX_* variables name (DESIGN.md,
 * "Connecting to a tenant"; `mbx emulator` prints exactly these). Tokens are always asked for
 * Microsoft's resource URIs, wherever the calls go: an emulated tenant checks the same audiences.
 */

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

export function endpointsFrom(env: NodeJS.ProcessEnv): Endpoints {
  const authorityHost = trim(env.MBX_AUTHORITY_HOST ?? MICROSOFT.authorityHost);
  return {
    authorityHost,
    graphUrl: trim(env.MBX_GRAPH_URL ?? MICROSOFT.graphUrl),
    exchangeUrl: trim(env.MBX_EXCHANGE_URL ?? MICROSOFT.exchangeUrl),
    microsoftAuthority: authorityHost === MICROSOFT.authorityHost,
  };
}
