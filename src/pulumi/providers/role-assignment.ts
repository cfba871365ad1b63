/**
 * An RBAC for Applications role assigned to the app's Exchange service principal, limited to a
 * management scope (New-ManagementRoleAssignment -App -Role -CustomResourceScope). Assignments
 * have no Set cmdlet for these, so any change replaces one. One that already exists with the same
 * role, app and scope is adopted.
 */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, remove, rows } from './admin.js';
import { ExchangeResource, type Operations } from './provider.js';

export interface RoleAssignmentInputs {
  /** Such as "Application Mail.ReadWrite". */
  readonly role: string;
  /** The app's Exchange service principal identity. */
  readonly app: string;
  readonly scope: string;
  readonly version: string;
}

export interface RoleAssignmentOutputs extends RoleAssignmentInputs {
  /** Exchange's name of the assignment. */
  readonly assignment: string;
}

async function existing(env: NodeJS.ProcessEnv, inputs: RoleAssignmentInputs): Promise<Record<string, unknown> | undefined> {
  const found = await rows(adminClients(env).exchange, 'Get-ManagementRoleAssignment', { App: inputs.app, Role: inputs.role });
  return found.find((row) => String(row.CustomResourceScope ?? '').toLowerCase() === inputs.scope.toLowerCase());
}

export const operations: Operations<RoleAssignmentInputs, RoleAssignmentOutputs> = {
  replaceOn: ['role', 'app', 'scope'],
  check(news) {
    return [
      ...(news.role.startsWith('Application ')
        ? []
        : [
            {
              property: 'role',
              reason: `'${news.role}' is not an RBAC for Applications role; they begin with "Application ", such as "Application Mail.ReadWrite".`,
            },
          ]),
      ...(news.scope.trim() === '' ? [{ property: 'scope', reason: 'Scope the role: an unscoped role reaches every mailbox.' }] : []),
    ];
  },
  async create(inputs, env) {
    const row =
      (await existing(env, inputs)) ??
      (await adminClients(env).exchange.invoke('New-ManagementRoleAssignment', { App: inputs.app, Role: inputs.role, CustomResourceScope: inputs.scope }))[0];
    if (row === undefined) throw new Error(`New-ManagementRoleAssignment returned nothing for ${inputs.role}.`);
    const assignment = String(row.Name);
    return { id: assignment, outs: { ...inputs, assignment } };
  },
  async read(_id, outs, env) {
    const row = await existing(env, outs);
    return row === undefined ? undefined : { ...outs, assignment: String(row.Name) };
  },
  async update(_id, olds, news) {
    return { ...olds, version: news.version };
  },
  async delete(id, _outs, env) {
    await remove(adminClients(env).exchange, 'Remove-ManagementRoleAssignment', { Identity: id });
  },
};

export type RoleAssignmentArgs = { readonly [K in keyof RoleAssignmentInputs]: pulumi.Input<RoleAssignmentInputs[K]> };

export class RoleAssignment extends ExchangeResource {
  declare readonly assignment: pulumi.Output<string>;

  constructor(name: string, args: RoleAssignmentArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'role-assignment', name, args, ['assignment'], options);
  }
}
