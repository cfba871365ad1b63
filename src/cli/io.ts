/** What every command's registration shares: where output goes, and the help text on connecting to a tenant. */

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const CONNECTION_HELP = [
  'Reads AZURE_TENANT_ID, AZURE_CLIENT_ID and a credential (AZURE_CLIENT_CERTIFICATE_PATH, AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE);',
  'MBX_AUTHORITY_HOST, MBX_GRAPH_URL, MBX_EXCHANGE_URL, MBX_IMAP, MBX_POP and MBX_SMTP point it at another tenant, such as mbx emulator.',
  'The probes sign in as each client does, with the secrets in the JSON file MBX_PROBE_CREDENTIALS names: {"delegates": {"<address>": {"refreshToken": "..."}}, "app": {"certificatePath": "..."}};',
  'without it, probes exit 2 (PROBE_CREDENTIALS_MISSING). --device-code, on a terminal only, signs a person in instead.',
].join('\n');
