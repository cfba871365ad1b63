/**
 * A self-signed RSA certificate and its key in PEM, as an admin creates for an app's credential
 * (Entra takes the certificate; the software that signs in as the app keeps the key). mbx makes
 * one for the emulator's app in `mbx apply --local`; a real tenant's comes from its own PKI.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface AppCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** The certificate in base64 DER, as Graph's keyCredentials take it. */
  readonly derBase64: string;
}

export async function createAppCertificate(subject: string, lifetimeDays = 365): Promise<AppCertificate> {
  x509.cryptoProvider.set(webcrypto as never);
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: subject,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + lifetimeDays * DAY_MS),
    keys: keys as never,
    signingAlgorithm: RSA,
  });
  const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { certPem: cert.toString('pem'), keyPem, derBase64: Buffer.from(cert.rawData).toString('base64') };
}

/** The certificate blocks of a PEM text (a key in the same file is left out), in base64 DER. */
export function certificatesIn(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map((match) => (match[1] as string).replace(/\s+/g, ''));
}
