/**
 * Microsoft's first-party ids: the resource apps, their application roles and delegated scopes,
 * the Exchange SKUs and the Exchange Administrator role. Clients hard-code these GUIDs, so the
 * emulator must use the real ones. Sources: the Microsoft Graph permissions reference
 * (learn.microsoft.com/graph/permissions-reference), ScubaGear's RiskyPermissions.json and the
 * licensing service-plan reference
 * (learn.microsoft.com/entra/identity/users/licensing-service-plan-reference). Values known only
 * from community sources are listed in docs/emulator.md.
 */

/** The tenant that owns Microsoft's own applications (appOwnerOrganizationId of first-party apps). */
export const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const EXCHANGE_AUDIENCE = 'https://outlook.office365.com';
/** Audiences a client may name in `scope`, mapped to the resource app they stand for. */
export const RESOURCE_AUDIENCES: Readonly<Record<string, string>> = {
  'https://graph.microsoft.com': GRAPH_APP_ID,
  'https://outlook.office365.com': EXCHANGE_APP_ID,
  'https://outlook.office.com': EXCHANGE_APP_ID,
  'https://ps.outlook.com': EXCHANGE_APP_ID,
  [GRAPH_APP_ID]: GRAPH_APP_ID,
  [EXCHANGE_APP_ID]: EXCHANGE_APP_ID,
};

export interface Permission {
  readonly value: string;
  readonly id: string;
}

export interface ResourceApp {
  readonly appId: string;
  readonly displayName: string;
  readonly servicePrincipalNames: readonly string[];
  readonly appRoles: readonly Permission[];
  readonly scopes: readonly Permission[];
}

const permissions = (rows: readonly (readonly [string, string])[]): Permission[] => rows.map(([value, id]) => ({ value, id }));

export const GRAPH: ResourceApp = {
  appId: GRAPH_APP_ID,
  displayName: 'Microsoft Graph',
  servicePrincipalNames: [GRAPH_APP_ID, 'https://graph.microsoft.com', 'https://graph.microsoft.com/'],
  appRoles: permissions([
    ['Application.Read.All', '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30'],
    ['Application.ReadWrite.All', '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9'],
    ['AppRoleAssignment.ReadWrite.All', '06b708a9-e830-4db3-a914-8e69da51d44f'],
    ['AuditLog.Read.All', 'b0afded3-3588-46d8-8b3d-9842eff778da'],
    ['Directory.Read.All', '7ab1d382-f21e-4acd-a863-ba3e13f7da61'],
    ['Directory.ReadWrite.All', '19dbc75e-c2e2-444c-a770-ec69d8559fc7'],
    ['Domain.Read.All', 'dbb9058a-0e50-45d7-ae91-66909b5d4664'],
    ['Group.Read.All', '5b567255-7703-4780-807c-7be8301ae99b'],
    ['Group.ReadWrite.All', '62a82d76-70ea-41e2-9197-370581804d09'],
    ['GroupMember.Read.All', '98830695-27a2-44f7-8c18-0c3ebc9698f6'],
    ['GroupMember.ReadWrite.All', 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695'],
    ['Mail.Read', '810c84a8-4a9e-49e6-bf7d-12d183f40d01'],
    ['Mail.ReadBasic', '6be147d2-ea4f-4b5a-a3fa-3eab6f3c140a'],
    ['Mail.ReadBasic.All', '693c5e45-0940-467d-9b8a-1022fb9d42ef'],
    ['Mail.ReadWrite', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9'],
    ['Mail.Send', 'b633e1c5-b582-4048-a93e-9f11b44c7e96'],
    ['MailboxSettings.Read', '40f97065-369a-49f4-947c-6a255697ae91'],
    ['MailboxSettings.ReadWrite', '6931bccd-447a-43d1-b442-00a195474933'],
    ['Organization.Read.All', '498476ce-e0fe-48b0-b801-37ba7e2685c6'],
    ['Reports.Read.All', '230c1aed-a721-4c5d-9cb4-a90514e508ef'],
    ['RoleManagement.ReadWrite.Directory', '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8'],
    ['User.Read.All', 'df021288-bdef-4463-88db-98f22de89214'],
    ['User.ReadWrite.All', '741f803b-c850-494e-b5df-cde7c675a1ca'],
  ]),
  scopes: permissions([
    ['email', '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0'],
    ['AuditLog.Read.All', 'e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20'],
    ['Group.Read.All', '5f8c59db-677d-491f-a6b8-5f174b11ec1d'],
    ['Group.ReadWrite.All', '4e46008b-f24c-477d-8fff-7bb4ec7aafe0'],
    ['GroupMember.Read.All', 'bc024368-1153-4739-b217-4326f2e966d0'],
    ['GroupMember.ReadWrite.All', 'f81125ac-d3b7-4573-a3b2-7099cc39df9e'],
    ['IMAP.AccessAsUser.All', '652390e4-393a-48de-9484-05f9b1212954'],
    ['Mail.Read', '570282fd-fa5c-430d-a7fd-fc8dc98a9dca'],
    ['Mail.Read.Shared', '7b9103a5-4610-446b-9670-80643382c1fa'],
    ['Mail.ReadBasic', 'a4b8392a-d8d1-4954-a029-8e668a39a170'],
    ['Mail.ReadBasic.Shared', 'b11fa0e7-fdb7-4dc9-b1f1-59facd463480'],
    ['Mail.ReadWrite', '024d486e-b451-40bb-833d-3e66d98c5c73'],
    ['Mail.ReadWrite.Shared', '5df07973-7d5d-46ed-9847-1271055cbd51'],
    ['Mail.Send', 'e383f46e-2787-4529-855e-0e479a3ffac0'],
    ['Mail.Send.Shared', 'a367ab51-6b49-43bf-a716-a1fb06d2a174'],
    ['offline_access', '7427e0e9-2fba-42fe-b0c0-848c9e6a8182'],
    ['openid', '37f7f235-527c-4136-accd-4a02d197296e'],
    ['POP.AccessAsUser.All', 'd7b7f2d9-0f45-4ea1-9d42-e50810c06991'],
    ['profile', '14dad69e-099b-42c9-810b-d002981feec1'],
    ['SMTP.Send', '258f6531-6087-4cc4-bb90-092c5fb3ed3f'],
    ['User.Read', 'e1fe6dd8-ba31-4d61-89e7-88639da4683d'],
  ]),
};

export const EXCHANGE: ResourceApp = {
  appId: EXCHANGE_APP_ID,
  displayName: 'Office 365 Exchange Online',
  servicePrincipalNames: [EXCHANGE_APP_ID, 'https://outlook.office365.com', 'https://outlook.office.com', 'https://ps.outlook.com'],
  appRoles: permissions([
    ['Exchange.ManageAsApp', 'dc50a0fb-09a3-484d-be87-e023b12c6440'],
    // The Admin API v2.0's permission; no source found gives Microsoft's id, so this one is the emulator's own.
    ['Exchange.ManageAsAppV2', '6c3a8f51-2b7e-4e0a-9d1c-0e5a3c7b2f10'],
    ['full_access_as_app', 'dc890d15-9560-4a4c-9b7f-a736ec74ec40'],
    ['IMAP.AccessAsApp', '5e5addcd-3e8d-4e90-baf5-964efab2b20a'],
    ['Mail.Read', '810c84a8-4a9e-49e6-bf7d-12d183f40d01'],
    ['Mail.ReadWrite', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9'],
    ['Mail.Send', 'b633e1c5-b582-4048-a93e-9f11b44c7e96'],
    ['MailboxSettings.Read', 'd45fa9f8-36e5-4cd2-b601-b063c7cf9ac2'],
    ['MailboxSettings.ReadWrite', 'f9156939-25cd-4ba8-abfe-7fabcf003749'],
    ['POP.AccessAsApp', 'cb842b43-da6e-4506-86fe-bb12199c656d'],
    ['SMTP.SendAsApp', '7146a1f0-8703-45b3-9eae-527a64c00995'],
    ['User.Read.All', 'bf24470f-10c1-436d-8d53-7b997eb473be'],
  ]),
  scopes: permissions([
    ['EWS.AccessAsUser.All', '3b5f3d61-589b-4a3c-a359-5dd4b5ee5bd5'],
    ['Exchange.Manage', 'ab4f2b77-0b06-4fc1-a9de-02113fc2ab7c'],
    // As Exchange.ManageAsAppV2: the emulator's own id.
    ['Exchange.ManageV2', '8e2b6d40-7c1f-4a3b-b5e9-3f0d6a1c9e27'],
    ['IMAP.AccessAsUser.All', '195adc35-e27b-454b-a7ed-1ecdffa1c09f'],
    ['POP.AccessAsUser.All', 'fb698133-92fa-453e-a9ed-688e10f2e5ac'],
    ['SMTP.Send', '76faac2a-0f20-42f1-928a-50de5b9dbe52'],
  ]),
};

export const RESOURCE_APPS: readonly ResourceApp[] = [GRAPH, EXCHANGE];

/** Exchange Administrator directory role template. */
export const EXCHANGE_ADMINISTRATOR_ROLE = '29232cdf-9323-42fd-ade2-1d097af3e4de';
/** Directory roles the Exchange admin API accepts for app-only access (app-only-auth-powershell-v2.md). */
export const EXCHANGE_APP_ONLY_ROLES: ReadonlySet<string> = new Set([
  EXCHANGE_ADMINISTRATOR_ROLE,
  '31392ffb-586c-42d1-9346-e59415a2cc4e', // Exchange Recipient Administrator
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451', // Global Reader
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
]);

export interface Sku {
  readonly skuId: string;
  readonly skuPartNumber: string;
  readonly servicePlans: readonly { readonly servicePlanId: string; readonly servicePlanName: string }[];
}

export const SKUS: readonly Sku[] = [
  {
    skuId: '4b9405b0-7788-4568-add1-99614e613b69',
    skuPartNumber: 'EXCHANGESTANDARD',
    servicePlans: [{ servicePlanId: '9aaf7827-d63c-4b61-89c3-182f06f82e5c', servicePlanName: 'EXCHANGE_S_STANDARD' }],
  },
  {
    skuId: '19ec0d23-8335-4cbd-94ac-6050e30712fa',
    skuPartNumber: 'EXCHANGEENTERPRISE',
    servicePlans: [{ servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' }],
  },
  {
    // Microsoft 365 E3, which examples/contoso.yaml gives its people; only its Exchange plan is listed.
    skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965',
    skuPartNumber: 'SPE_E3',
    servicePlans: [{ servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' }],
  },
];
