/**
 * The emulator's own secrets, kept apart from the tenant state in `<state-dir>/secrets.json`
 * (mode 0600): the token-signing key and its certificate, the key that seals refresh tokens, the
 * control API's admin token, and the bootstrap admin app's client secret, which must be printed
 * on every start while the tenant itself only holds its hash (as Entra does).
 */
import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { MbxError } from '../errors.js';
import { writeAtomically } from '../files.js';

export interface EmulatorSecrets {
  /** PKCS#8 PEM of the RSA key that signs tokens. */
  readonly signingKey: string;
  /** PEM of the self-signed certificate published in the JWKS (x5c, x5t). */
  readonly signingCert: string;
  /** Base64 of 32 random bytes: seals refresh tokens (A256GCM). */
  readonly refreshKey: string;
  readonly adminToken: string;
  readonly bootstrapClientSecret: string;
}

const FILE = 'secrets.json';
const SIGNING = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;

export async function loadOrCreateSecrets(dir: string, now: Date): Promise<EmulatorSecrets> {
  const path = join(dir, FILE);
  if (existsSync(path)) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as EmulatorSecrets;
    } catch (cause) {
      throw new MbxError(
        'EMULATOR_STATE_CORRUPT',
        `The emulator secrets at ${path} cannot be read. Move the state folder aside and start again.`,
        { place: path },
        { cause },
      );
    }
  }
  // A new state folder (its TLS material may be kept elsewhere, so nothing has made it yet).
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keys = (await webcrypto.subtle.generateKey(SIGNING, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex').replace(/^./, '1'),
    name: 'CN=accounts.accesscontrol.windows.net',
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 5 * 365 * 86_400_000),
    keys: keys as never,
    signingAlgorithm: SIGNING,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const secrets: EmulatorSecrets = {
    signingKey: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    signingCert: cert.toString('pem'),
    refreshKey: randomBytes(32).toString('base64'),
    adminToken: `mbx-admin-${randomBytes(24).toString('base64url')}`,
    bootstrapClientSecret: clientSecret(),
  };
  writeAtomically(path, JSON.stringify(secrets, null, 2), 0o600);
  return secrets;
}

/** A client secret in Entra's shape: 40 characters, three of them a readable hint. */
export function clientSecret(): string {
  const body = randomBytes(30).toString('base64').replace(/[+/=]/g, '~').slice(0, 37);
  return `${body.slice(0, 3)}8Q~${body.slice(3)}`;
}

/** Thumbprint of a DER certificate, as Entra shows keyCredentials' customKeyIdentifier (SHA-1, hex). */
export function thumbprint(der: Buffer, algorithm: 'sha1' | 'sha256' = 'sha1'): Buffer {
  return createHash(algorithm).update(der).digest();
}
