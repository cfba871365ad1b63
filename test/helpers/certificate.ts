/** A self-signed RSA certificate and key in PEM, as an admin would upload for an app credential. */
import { createAppCertificate, type AppCertificate } from '../../src/m365/certificate.js';

export const appCertificate = (subject = 'CN=mbx test app'): Promise<AppCertificate> => createAppCertificate(subject);
