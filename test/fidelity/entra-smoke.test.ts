import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.stop());

it('smoke', async () => {
  const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
    authorityHost: emulator.url,
    disableInstanceDiscovery: true,
  });
  const token = await credential.getToken('https://graph.microsoft.com/.default');
  const claims = JSON.parse(Buffer.from(token.token.split('.')[1]!, 'base64url').toString());
  console.log(claims);
  expect(claims.roles).toContain('User.ReadWrite.All');
});
