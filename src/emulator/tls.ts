/**
 * The emulator's local CA and its server certificate (127.0.0.1, localhost, ::1). Generated once
 * and cached in a folder, because clients are told to trust the CA file by path
 * (NODE_EXTRA_CA_CERTS, curl --cacert, Python's cafile) and a new CA on every start would break
 * them. Keys are ECDSA P-256: WebCrypto makes them in milliseconds, and every client mbx meets
 * (Node, OpenSSL in curl and Python) verifies them. Nothing here ever turns verification off.
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { writeAtomically } from '../files.js';

export interface TlsMaterial {
  /** Path of the CA certificate (PEM) that clients trust. */
  readonly caPath: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'server.pem', key: 'server-key.pem' } as const;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** Renew the server certificate when less than this is left, so a cached folder never goes stale. */
const RENEW_BEFORE_MS = 30 * DAY_MS;

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** Load the CA and server certificate from `dir`, creating (or renewing) what is missing. */
export async function ensureTls(dir: string, now = new Date()): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (name: keyof typeof FILES): string => join(dir, FILES[name]);

  if (!existsSync(path('ca')) || !existsSync(path('caKey')) || expiresSoon(readFileSync(path('ca'), 'utf8'), now)) {
    const ca = await createCa(now);
    writeAtomically(path('caKey'), ca.key, 0o600);
    writeAtomically(path('ca'), ca.cert, 0o644);
    // A new CA invalidates the old server certificate.
    writeAtomically(path('cert'), '', 0o644);
  }
  const caPem = readFileSync(path('ca'), 'utf8');
  const certPem = existsSync(path('cert')) ? readFileSync(path('cert'), 'utf8') : '';
  if (certPem === '' || !existsSync(path('key')) || expiresSoon(certPem, now)) {
    const server = await createServerCert(caPem, readFileSync(path('caKey'), 'utf8'), now);
    writeAtomically(path('key'), server.key, 0o600);
    writeAtomically(path('cert'), server.cert, 0o644);
  }
  return {
    caPath: path('ca'),
    ca: caPem,
    cert: readFileSync(path('cert'), 'utf8'),
    key: readFileSync(path('key'), 'utf8'),
  };
}

function expiresSoon(pem: string, now: Date): boolean {
  try {
    return new x509.X509Certificate(pem).notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS;
  } catch {
    return true;
  }
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function serial(): string {
  // Positive, 16 bytes: RFC 5280 allows up to 20 octets.
  return `01${Buffer.from(webcrypto.getRandomValues(new Uint8Array(15))).toString('hex')}`;
}

async function createCa(now: Date): Promise<{ cert: string; key: string }> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=mbx emulator local CA, O=mbx',
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
    ],
  });
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

async function createServerCert(caPem: string, caKeyPem: string, now: Date): Promise<{ cert: string; key: string }> {
  const ca = new x509.X509Certificate(caPem);
  const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(caKeyPem), ALGORITHM, false, ['sign']);
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=localhost, O=mbx emulator',
    issuer: ca.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    // 397 days: the longest validity TLS clients accept for a server certificate.
    notAfter: new Date(now.getTime() + 397 * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: caKey as never,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}
