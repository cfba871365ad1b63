/**
 * Password and client-secret hashes. The tenant state holds only these, as Entra does; the secret
 * text is shown once, when it is created. scrypt with a random salt, compared in constant time.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// N=2^12 keeps a sign-in near 5 ms: the secrets are random or test passwords, not people's.
const PARAMS = { N: 4096, r: 8, p: 1 } as const;

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(secret, salt, 32, PARAMS).toString('base64')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64'), expected.length, PARAMS);
  return timingSafeEqual(actual, expected);
}
