/**
 * Secret scrubbing shared by the logger and error serialization. Redaction happens where data
 * leaves the process (a log line, an error's JSON), so no caller has to remember it.
 */

/** Property names whose values are secrets, compared case-insensitively without - and _. */
const SECRET_KEYS = new Set([
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'token',
  'clientsecret',
  'secret',
  'secrettext',
  'password',
  'authorization',
  'clientassertion',
  'assertion',
  'privatekey',
  'devicecode',
  'cookie',
  'admintoken',
]);

export const REDACTED = '[REDACTED]';

/** A JWT (three base64url parts, the first a JSON header), a Bearer value, or a secret in a query or form. */
const SECRET_PATTERNS: RegExp[] = [
  /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /((?:client_secret|refresh_token|access_token|password|client_assertion|device_code)=)[^&\s"']+/gi,
  // SASL XOAUTH2 initial responses carry the bearer token base64-encoded: "user=...\x01auth=Bearer ...".
  /(XOAUTH2\s+)[A-Za-z0-9+/=]{16,}/g,
];

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/** Replace anything that looks like a token or secret inside free text. */
export function redactText(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) => (typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${REDACTED}` : REDACTED));
  }
  return out;
}

/** Deep copy of a value with secret-named properties and secret-looking strings redacted. */
export function redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) && item !== undefined && item !== null ? REDACTED : redactValue(item, seen);
  }
  return out;
}
