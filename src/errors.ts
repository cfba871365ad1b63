/**
 * The one catalogue of mbx error codes (docs/style.md, rule 3). Codes are stable UPPER_SNAKE_CASE; each
 * has one sentence saying what went wrong in general, while the specific message of an error or
 * diagnostic says where and what to do. docs/errors.md explains each code; a test keeps the three in step.
 */
import { redactText, redactValue } from './redact.js';

export const ERROR_CODES = {
  // Usage and files
  USAGE: 'The command line is not valid: an unknown option, a missing argument or a bad value.',
  FILE_UNREADABLE: 'A file named on the command line could not be read.',
  FILE_UNWRITABLE: 'A file or folder named on the command line could not be written.',
  INTERNAL: 'An internal error in mbx, which is a bug; please report it with the stack trace.',

  // Spec: syntax and schema (schemas/mailbox-spec.schema.json)
  SPEC_YAML_SYNTAX: 'The spec is not well-formed YAML.',
  SPEC_EMPTY: 'The spec file holds no document.',
  SPEC_UNKNOWN_KEY: 'The spec has a key the schema does not define.',
  SPEC_MISSING_KEY: 'The spec lacks a key the schema requires.',
  SPEC_WRONG_TYPE: 'A spec value has the wrong type.',
  SPEC_NOT_ALLOWED: 'A spec value is not one of the values the schema allows.',
  SPEC_BAD_VALUE: 'A spec value has the right type but the wrong form or size.',
  SPEC_DUPLICATE_ITEM: 'A spec list holds the same item twice.',

  // Spec: semantic rules (src/spec/rules/)
  SPEC_DUPLICATE_MAILBOX: 'Two shared mailboxes have the same address.',
  SPEC_PROXY_ADDRESS_CONFLICT: 'An address is used twice in the spec; Exchange allows each proxy address once.',
  SPEC_DOMAIN_NOT_ACCEPTED: 'An address is in a domain the tenant does not accept.',
  SPEC_UNKNOWN_TRUSTEE: 'A permission names a trustee that is neither a declared user or group nor the app.',
  SPEC_APP_MISSING: 'The spec relies on the app but declares none.',
  SPEC_CLIENT_MODE_UNSUPPORTED: 'A client asks its profile for a protocol or identity the profile does not support.',
  SPEC_CLIENT_USER_MISSING: 'A delegate client does not say which user signs in.',
  SPEC_CLIENT_RIGHTS_MISSING: "A client's identity lacks a mailbox right its profile needs.",
  SPEC_SEND_WITHOUT_FULL_ACCESS: 'A trustee may send from the mailbox but cannot open it, and the profile needs both.',
  SPEC_ALIAS_NOT_DECLARED: 'A client sends from an address that is not an alias of the mailbox.',
  SPEC_ALIAS_SEND_DISABLED: 'A client sends from an alias while the organization does not allow sending from aliases.',
  SPEC_PROTOCOL_DISABLED: 'The mailbox switches off a protocol one of its clients needs.',
  SPEC_SMTP_AUTH_ORG_DISABLED: 'A client needs SMTP AUTH, the organization disables it and the mailbox declares no override.',
  SPEC_SMTP_AUTH_ORG_ENABLED: 'SMTP AUTH is enabled for the whole organization instead of per mailbox.',
  SPEC_SMTP_LOGIN_SHARED: 'A delegate client signs in to SMTP as the shared address, which Exchange refuses (535 5.7.3).',
  SPEC_SMTP_AUTHORIZATION: "The app's SMTP clients mix authorization models, or use RBAC for Applications without mailboxScope rbac.",
  SPEC_FOLDERS_NEED_IMAP: 'Client folders are set, but the client does not read the mailbox over IMAP.',
  SPEC_EWS_RETIRED: 'A client uses Exchange Web Services, which Microsoft is retiring in Exchange Online.',
  SPEC_LICENCE_REQUIRED: 'The shared mailbox needs a licence for what the spec asks of it.',
  SPEC_GROUP_MEMBER_UNKNOWN: 'A group member is not a user or group the spec declares.',
  SPEC_GROUP_CYCLE: 'A group contains itself through nested groups.',
  SPEC_USAGE_LOCATION_REQUIRED: 'A licensed shared mailbox needs a usage location, of its own or the tenant default.',
  SPEC_GROUP_AUTO_MAPPING: 'Auto-mapping is asked for a group, and Outlook does not auto-map through groups.',
  SPEC_SIGN_IN_ENABLED: "The shared mailbox's own account is allowed to sign in.",
  SPEC_APP_SCOPE_BROAD: "The app's mailbox access is not limited by RBAC for Applications.",
  SPEC_SECRET_LIFETIME: 'The app secret lives longer than 12 months.',
  SPEC_SCHEDULE_ORDER: 'Scheduled automatic replies end before they start.',
  SPEC_WAIVER_UNKNOWN_CHECK: 'A waiver names a check mbx does not have.',
  SPEC_WAIVER_UNKNOWN_MAILBOX: 'A waiver names a mailbox the spec does not declare.',
  SPEC_WAIVER_EXPIRED: 'A waiver has expired and no longer applies.',

  // Reaching the tenant (src/m365/)
  CONFIG_INVALID:
    'A variable of the environment has a value mbx cannot use: an endpoint that is not an https URL, a host:port that is not one, a tenant id of the wrong form.',
  CREDENTIALS_MISSING: 'No credential to reach the tenant is configured.',
  CREDENTIALS_INVALID: 'A credential file the environment names cannot be used: missing, a folder, empty or not PEM.',
  CREDENTIALS_REJECTED: 'Entra ID refused the sign-in of the app mbx connects as.',
  TENANT_UNREACHABLE: 'The tenant could not be reached: a connection was refused or dropped, or it stayed throttled.',
  TENANT_THROTTLED: "The tenant kept throttling mbx (HTTP 429) for longer than the run's budget.",
  TENANT_NOT_FOUND: 'Entra ID does not know the tenant AZURE_TENANT_ID names.',
  TENANT_MISMATCH: "The tenant reached is not the spec's: its accepted domains do not include tenant.primaryDomain.",
  TLS_UNTRUSTED: "An endpoint's certificate is not trusted by Node.",
  TLS_HOSTNAME_MISMATCH: "An endpoint's certificate does not name the host it was reached by.",
  SERVICE_REQUEST_FAILED: 'Microsoft Graph or the Exchange admin API refused or failed a request.',
  SHARDS_INCOMPLETE: 'The shard reports given to mbx report merge do not cover one whole run: a shard is missing, repeated or of another split.',
  PROBE_CREDENTIALS_INVALID: 'The probe credentials file (MBX_PROBE_CREDENTIALS) is not valid.',
  PROBE_CREDENTIALS_MISSING: 'The probes the run needs have no credentials to sign in with.',

  // The emulator (src/emulator/)
  EMULATOR_STATE_CORRUPT: "The emulator's saved state cannot be read.",
  EMULATOR_FAULTS_INVALID: 'Fault rules for the emulator are not valid.',
  EMULATOR_START_FAILED: 'The emulator could not start.',
  EMULATOR_STOP_FAILED: 'The emulator asked to stop (mbx emulator --stop) did not.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The codes that are the user's to fix before running again (exit code 2: usage or configuration);
 * every other code means the run could not check what it was asked to (exit code 3).
 */
export const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'USAGE',
  'FILE_UNREADABLE',
  'FILE_UNWRITABLE',
  'EMULATOR_FAULTS_INVALID',
  'CONFIG_INVALID',
  'CREDENTIALS_MISSING',
  'CREDENTIALS_INVALID',
  'CREDENTIALS_REJECTED',
  'TENANT_NOT_FOUND',
  'TENANT_MISMATCH',
  'TLS_UNTRUSTED',
  'TLS_HOSTNAME_MISMATCH',
  'PROBE_CREDENTIALS_INVALID',
  'PROBE_CREDENTIALS_MISSING',
]);

/** The base error: a stable code, a specific message and structured, redacted context. */
export class MbxError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(redactText(message), options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, details: redactValue(this.details) };
  }
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends MbxError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('USAGE', message, details);
  }
}

/** A file the user named could not be read (or, with `write`, written): exit code 2. */
export class FileError extends MbxError {
  constructor(path: string, cause: unknown, access: 'read' | 'write' = 'read') {
    const reason = cause instanceof Error && 'code' in cause ? String(cause.code) : access === 'read' ? 'unreadable' : 'unwritable';
    const hint =
      reason === 'EISDIR'
        ? 'it is a folder: name a file'
        : reason === 'ENOTDIR' || reason === 'EEXIST'
          ? 'a file stands where a folder is needed: name a folder'
          : 'check the path and its permissions';
    super(access === 'read' ? 'FILE_UNREADABLE' : 'FILE_UNWRITABLE', `cannot ${access} ${path} (${reason}); ${hint}`, { path, reason }, { cause });
  }
}

export function isMbxError(value: unknown): value is MbxError {
  return value instanceof MbxError;
}
