import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FileError, MbxError } from '../src/errors.js';
import { ROOT } from './helpers/spec.js';

describe('error catalogue', () => {
  it('is pinned: codes are only added on purpose (update this list and docs/errors.md together)', () => {
    expect(Object.keys(ERROR_CODES)).toMatchInlineSnapshot(`
      [
        "USAGE",
        "FILE_UNREADABLE",
        "FILE_UNWRITABLE",
        "INTERNAL",
        "SPEC_YAML_SYNTAX",
        "SPEC_EMPTY",
        "SPEC_UNKNOWN_KEY",
        "SPEC_MISSING_KEY",
        "SPEC_WRONG_TYPE",
        "SPEC_NOT_ALLOWED",
        "SPEC_BAD_VALUE",
        "SPEC_DUPLICATE_ITEM",
        "SPEC_DUPLICATE_MAILBOX",
        "SPEC_PROXY_ADDRESS_CONFLICT",
        "SPEC_DOMAIN_NOT_ACCEPTED",
        "SPEC_UNKNOWN_TRUSTEE",
        "SPEC_APP_MISSING",
        "SPEC_CLIENT_MODE_UNSUPPORTED",
        "SPEC_CLIENT_USER_MISSING",
        "SPEC_CLIENT_RIGHTS_MISSING",
        "SPEC_SEND_WITHOUT_FULL_ACCESS",
        "SPEC_ALIAS_NOT_DECLARED",
        "SPEC_ALIAS_SEND_DISABLED",
        "SPEC_PROTOCOL_DISABLED",
        "SPEC_SMTP_AUTH_ORG_DISABLED",
        "SPEC_SMTP_AUTH_ORG_ENABLED",
        "SPEC_SMTP_LOGIN_SHARED",
        "SPEC_SMTP_AUTHORIZATION",
        "SPEC_FOLDERS_NEED_IMAP",
        "SPEC_EWS_RETIRED",
        "SPEC_LICENCE_REQUIRED",
        "SPEC_GROUP_MEMBER_UNKNOWN",
        "SPEC_GROUP_CYCLE",
        "SPEC_USAGE_LOCATION_REQUIRED",
        "SPEC_GROUP_AUTO_MAPPING",
        "SPEC_SIGN_IN_ENABLED",
        "SPEC_APP_SCOPE_BROAD",
        "SPEC_SECRET_LIFETIME",
        "SPEC_SCHEDULE_ORDER",
        "SPEC_WAIVER_UNKNOWN_CHECK",
        "SPEC_WAIVER_UNKNOWN_MAILBOX",
        "SPEC_WAIVER_EXPIRED",
        "CONFIG_INVALID",
        "CREDENTIALS_MISSING",
        "CREDENTIALS_INVALID",
        "CREDENTIALS_REJECTED",
        "TENANT_UNREACHABLE",
        "TENANT_THROTTLED",
        "TENANT_NOT_FOUND",
        "TENANT_MISMATCH",
        "TLS_UNTRUSTED",
        "TLS_HOSTNAME_MISMATCH",
        "SERVICE_REQUEST_FAILED",
        "SHARDS_INCOMPLETE",
        "PROBE_CREDENTIALS_INVALID",
        "PROBE_CREDENTIALS_MISSING",
        "EMULATOR_STATE_CORRUPT",
        "EMULATOR_FAULTS_INVALID",
        "EMULATOR_START_FAILED",
        "EMULATOR_STOP_FAILED",
      ]
    `);
  });

  it('gives every code one upper-snake name and a real sentence', () => {
    for (const [code, sentence] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(sentence).toMatch(/^[A-Z].{20,}\.$/);
    }
  });

  it('has a section in docs/errors.md for every code', () => {
    const docs = readFileSync(`${ROOT}docs/errors.md`, 'utf8');
    const missing = Object.keys(ERROR_CODES).filter((code) => !docs.includes(`## ${code}`));
    expect(missing).toEqual([]);
  });

  it('redacts tokens and secrets from the message and the JSON form', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const error = new MbxError('INTERNAL', `token request failed: Bearer ${jwt}`, { clientSecret: 's3cr3t-value', tenant: 'contoso' });
    const json = JSON.stringify(error);
    expect(error.message).not.toContain(jwt);
    expect(json).not.toContain(jwt);
    expect(json).not.toContain('s3cr3t-value');
    expect(JSON.parse(json)).toMatchObject({ code: 'INTERNAL', details: { tenant: 'contoso', clientSecret: '[REDACTED]' } });
  });

  it('names the file and the reason when a file cannot be read', () => {
    const error = new FileError('spec.yaml', Object.assign(new Error('nope'), { code: 'EACCES' }));
    expect(error.message).toBe('cannot read spec.yaml (EACCES); check the path and its permissions');
    expect(error.code).toBe('FILE_UNREADABLE');
  });
});
