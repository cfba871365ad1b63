/**
 * A Pulumi import file for the app an export found (issue 19, adoption): the Exchange objects are
 * adopted by mbx's providers on create, but @pulumi/azuread creates an app registration, its
 * service principal and its consent anew unless Pulumi's state already holds them. `pulumi import
 * --file` with this file puts the existing ones into the stack's state under the names the program
 * gives them (src/pulumi/names.ts), so `pulumi up` updates them where the spec differs and creates
 * no second app. The file format is Pulumi's bulk import (`{"resources":[{type,name,id}]}`); the
 * ids are the formats @pulumi/azuread documents for `pulumi import`.
 */
import type { GraphClient } from '../m365/graph/client.js';
import { lower } from '../m365/exchange/rows.js';
import type { ApiResource } from '../profiles/types.js';
import { API_RESOURCES, APP_NAME, AZUREAD_TYPES, appRoleName } from '../pulumi/names.js';
import type { ExportedApp } from './apps.js';

type Wire = Record<string, unknown>;

export interface PulumiImportFile {
  readonly resources: readonly { readonly type: string; readonly name: string; readonly id: string }[];
}

/** The import file for `app`, and notes on what it leaves to `pulumi up` (a secret, which cannot be imported). */
export async function pulumiImportOf(graph: GraphClient, app: ExportedApp): Promise<{ readonly file: PulumiImportFile; readonly notes: readonly string[] }> {
  const { objectId, servicePrincipalId, certificateKeyIds } = app.entra;
  const name = String(app.app.displayName);
  if (objectId === undefined || servicePrincipalId === undefined)
    throw new Error(`the app "${name}" has no ${objectId === undefined ? 'app registration' : 'service principal'} of that name in Entra ID to import`);
  const resources: { type: string; name: string; id: string }[] = [
    { type: AZUREAD_TYPES.application, name: APP_NAME, id: `/applications/${objectId}` },
    { type: AZUREAD_TYPES.servicePrincipal, name: APP_NAME, id: `/servicePrincipals/${servicePrincipalId}` },
  ];
  const notes: string[] = [];
  const apis = await Promise.all(
    (Object.entries(API_RESOURCES) as [ApiResource, { appId: string }][]).map(async ([resource, { appId }]) => ({
      resource,
      sp: await graph.get<Wire>(`/servicePrincipals(appId='${appId}')?$select=id,appRoles`),
    })),
  );
  for (const assignment of await graph.list<Wire>(`/servicePrincipals/${servicePrincipalId}/appRoleAssignments`)) {
    const api = apis.find((candidate) => lower(candidate.sp.id) === lower(assignment.resourceId));
    const role = ((api?.sp.appRoles as Wire[] | undefined) ?? []).find((candidate) => lower(candidate.id) === lower(assignment.appRoleId));
    if (api === undefined || role === undefined) continue;
    resources.push({
      type: AZUREAD_TYPES.appRoleAssignment,
      name: appRoleName(api.resource, String(role.value)),
      id: `/servicePrincipals/${lower(assignment.resourceId)}/appRoleAssignedTo/${String(assignment.id)}`,
    });
  }
  if (app.app.credential !== undefined && (app.app.credential as { kind?: string }).kind === 'certificate' && certificateKeyIds.length === 1)
    resources.push({ type: AZUREAD_TYPES.certificate, name: APP_NAME, id: `${objectId}/certificate/${certificateKeyIds[0] as string}` });
  else if (certificateKeyIds.length > 1)
    notes.push(`"${name}" has ${certificateKeyIds.length} certificates: none is imported; pulumi up adds the one mbx:appCertificate names.`);
  else notes.push(`"${name}" uses a client secret: a secret's value cannot be imported, so pulumi up adds a new one and leaves the old for you to remove.`);
  return { file: { resources }, notes };
}
