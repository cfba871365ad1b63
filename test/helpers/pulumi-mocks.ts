/**
 * Pulumi mocks that answer as a tenant would, for running the program without one: ids for what
 * Entra creates, the resource APIs' published permissions, and the inputs back (with the outputs
 * the Exchange providers add) for the rest.
 */
import type * as pulumi from '@pulumi/pulumi';

export const GRAPH = '00000003-0000-0000-c000-000000000000';
export const PERMISSIONS = [
  'IMAP.AccessAsUser.All',
  'POP.AccessAsUser.All',
  'SMTP.Send',
  'Mail.ReadWrite',
  'Mail.ReadWrite.Shared',
  'Mail.Send',
  'Mail.Send.Shared',
  'Mail.Read',
  'offline_access',
  'User.Read',
  'IMAP.AccessAsApp',
  'POP.AccessAsApp',
  'SMTP.SendAsApp',
  'full_access_as_app',
];
export const permissionIds = (prefix: string): Record<string, string> => Object.fromEntries(PERMISSIONS.map((name) => [name, `${prefix}:${name}`]));

export const tenantMocks: pulumi.runtime.Mocks = {
  call: (args) => args.inputs,
  newResource({ type, name, inputs }) {
    if (type === 'azuread:index/servicePrincipal:ServicePrincipal') {
      return {
        id: `sp:${inputs.clientId}`,
        state: { ...inputs, objectId: `sp:${inputs.clientId}`, appRoleIds: permissionIds('role'), oauth2PermissionScopeIds: permissionIds('scope') },
      };
    }
    if (type === 'azuread:index/application:Application')
      return { id: '/applications/app-object', state: { ...inputs, clientId: 'app-client', objectId: 'app-object' } };
    if (type === 'azuread:index/applicationPassword:ApplicationPassword') return { id: 'password', state: { ...inputs, value: 'generated-secret' } };
    return { id: `${name}-id`, state: { ...inputs, identity: 'exchange-sp', guid: `guid:${name}`, userId: `user:${name}` } };
  },
};
