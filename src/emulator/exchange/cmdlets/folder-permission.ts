/**
 * Get/Add/Set/Remove-MailboxFolderPermission (Add-MailboxFolderPermission.md): who may open one
 * folder of a mailbox. -Identity is `<mailbox>:\<folder path>` (`info@contoso.com:\Inbox`, or `:\`
 * for the top of the information store). Every folder has a Default and an Anonymous entry (None,
 * or AvailabilityOnly for Default on Calendar), made up on read until Set-MailboxFolderPermission
 * changes them; Add refuses a second entry for a user ("An existing permission entry was found").
 * User shows as Exchange shows it: Default, Anonymous, or the user's or group's display name.
 *
 * Differences (docs/emulator.md): the permissions are listed and kept, not enforced on the mail
 * protocols (Full Access is what IMAP, POP and Graph check); SharingPermissionFlags is kept as given.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_FOLDERS, OTHER_DEFAULT_FOLDERS, foldersOf } from '../../mail/folders.js';
import type { FolderPermission, Mailbox } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { findMailbox, requireTrustee } from '../recipients.js';

/** The roles and the single rights Add-MailboxFolderPermission takes for -AccessRights. */
const ROLES = [
  'None',
  'Owner',
  'PublishingEditor',
  'Editor',
  'PublishingAuthor',
  'Author',
  'NonEditingAuthor',
  'Reviewer',
  'Contributor',
  'AvailabilityOnly',
  'LimitedDetails',
];
const SINGLE = [
  'CreateItems',
  'CreateSubfolders',
  'DeleteAllItems',
  'DeleteOwnedItems',
  'EditAllItems',
  'EditOwnedItems',
  'FolderContact',
  'FolderOwner',
  'FolderVisible',
  'ReadItems',
];
const BUILT_IN = ['Default', 'Anonymous'] as const;

function accessRights(values: readonly string[] | undefined): string[] {
  const rights = (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => {
      const right = [...ROLES, ...SINGLE].find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
      if (right === undefined)
        throw CMDLET_ERRORS.badValue(
          'AccessRights',
          `Cannot convert value "${value}" to type "Microsoft.Exchange.Management.StoreTasks.MailboxFolderAccessRight". Valid values: ${[...ROLES, ...SINGLE].join(', ')}.`,
        );
      return right;
    });
  if (rights.length === 0) throw CMDLET_ERRORS.badValue('AccessRights', 'The argument is null or empty.');
  return rights;
}

interface Folder {
  readonly mailbox: Mailbox;
  /** `\` or `\Inbox`, as Exchange writes the path. */
  readonly path: string;
  readonly name: string;
}

/** The mailbox and folder an -Identity names; the folder must exist (the top, or a folder found by its path of display names). */
function requireFolder(tenant: Tenant, identity: string | undefined, now: Date): Folder {
  const text = identity ?? '';
  const colon = text.indexOf(':');
  const mailbox = colon > 0 ? findMailbox(tenant, text.slice(0, colon)) : undefined;
  if (mailbox === undefined) throw CMDLET_ERRORS.notFound(text);
  const segments = text
    .slice(colon + 1)
    .split(/[\\/]/)
    .filter((segment) => segment !== '');
  if (segments.length === 0) return { mailbox, path: '\\', name: 'Top of Information Store' };
  // A default folder exists in every mailbox: naming one reads no folder (and makes none, as foldersOf would).
  const builtIn = [...DEFAULT_FOLDERS, ...OTHER_DEFAULT_FOLDERS].find((folder) => folder.displayName.toLowerCase() === segments[0]?.toLowerCase());
  if (segments.length === 1 && builtIn !== undefined) return { mailbox, path: `\\${builtIn.displayName}`, name: builtIn.displayName };
  const folders = foldersOf(tenant, mailbox, now);
  let parent: string | null = null;
  let found: { readonly id: string; readonly displayName: string } | undefined;
  for (const segment of segments) {
    found = folders.find((folder) => folder.parentFolderId === parent && folder.displayName.toLowerCase() === segment.toLowerCase());
    if (found === undefined) throw CMDLET_ERRORS.notFound(text);
    parent = found.id;
  }
  const names = segments.map((segment) => folders.find((folder) => folder.displayName.toLowerCase() === segment.toLowerCase())?.displayName ?? segment);
  return { mailbox, path: `\\${names.join('\\')}`, name: found?.displayName ?? names[names.length - 1] ?? '' };
}

const keyOf = (folder: Folder): string => folder.path.toLowerCase();

/** The folder's stored entries. */
function storedEntries(tenant: Tenant, folder: Folder): FolderPermission[] {
  return tenant
    .collection('folderPermissions')
    .lookup(`mailbox:${folder.mailbox.id}`)
    .filter((entry) => entry.folder.toLowerCase() === keyOf(folder));
}

/** A built-in entry's rights until one is set: Default sees free/busy on Calendar; otherwise nothing. */
const builtInDefault = (folder: Folder, user: (typeof BUILT_IN)[number]): string[] =>
  user === 'Default' && folder.name === 'Calendar' ? ['AvailabilityOnly'] : ['None'];

function userShown(tenant: Tenant, trustee: string): string {
  if ((BUILT_IN as readonly string[]).includes(trustee)) return trustee;
  return tenant.collection('users').get(trustee)?.displayName ?? tenant.collection('groups').get(trustee)?.displayName ?? trustee;
}

function row(tenant: Tenant, folder: Folder, trustee: string, rights: readonly string[]): Record<string, unknown> {
  return {
    Identity: `${folder.mailbox.name}:${folder.path}`,
    FolderName: folder.name,
    User: userShown(tenant, trustee),
    'AccessRights@odata.type': '#Collection(String)',
    AccessRights: [...rights],
    SharingPermissionFlags: null,
    IsValid: true,
  };
}

function list(tenant: Tenant, folder: Folder): Record<string, unknown>[] {
  const stored = storedEntries(tenant, folder);
  const builtIn = BUILT_IN.map((user) => stored.find((entry) => entry.trustee === user) ?? { trustee: user, accessRights: builtInDefault(folder, user) });
  const others = stored.filter((entry) => !(BUILT_IN as readonly string[]).includes(entry.trustee));
  return [...builtIn, ...others].map((entry) => row(tenant, folder, entry.trustee, entry.accessRights));
}

/** Default, Anonymous, or a user's or mail-enabled group's id. */
function trusteeOf(tenant: Tenant, user: string | undefined): string {
  const builtIn = BUILT_IN.find((name) => name.toLowerCase() === (user ?? '').trim().toLowerCase());
  if (builtIn !== undefined) return builtIn;
  const trustee = requireTrustee(tenant, user);
  if (trustee.kind === 'servicePrincipal')
    throw CMDLET_ERRORS.invalidOperation(
      `The user "${user ?? ''}" is not a valid user for folder permissions: give a user, a mail-enabled security group, Default or Anonymous.`,
    );
  return trustee.id;
}

export const getMailboxFolderPermission: Cmdlet = {
  name: 'Get-MailboxFolderPermission',
  required: ['Identity'],
  parameters: { Identity: 'string', User: 'string', GroupMailbox: 'bool' },
  run(params, { tenant, now }) {
    const folder = requireFolder(tenant, params.string('Identity'), now);
    const rows = list(tenant, folder);
    const user = params.string('User');
    if (user === undefined) return { value: rows };
    const shown = userShown(tenant, trusteeOf(tenant, user));
    return { value: rows.filter((entry) => entry.User === shown) };
  },
};

const writeParameters = {
  Identity: 'string',
  User: 'string',
  AccessRights: 'strings',
  SharingPermissionFlags: 'strings',
  SendNotificationToUser: 'bool',
} as const;

export const addMailboxFolderPermission: Cmdlet = {
  name: 'Add-MailboxFolderPermission',
  required: ['Identity', 'User', 'AccessRights'],
  parameters: writeParameters,
  run(params, { tenant, now }) {
    const folder = requireFolder(tenant, params.string('Identity'), now);
    const trustee = trusteeOf(tenant, params.string('User'));
    // Default and Anonymous always have an entry, so Add finds one (Set changes them).
    if ((BUILT_IN as readonly string[]).includes(trustee) || storedEntries(tenant, folder).some((entry) => entry.trustee === trustee))
      throw CMDLET_ERRORS.invalidOperation(`An existing permission entry was found for user: ${userShown(tenant, trustee)}.`);
    const entry: FolderPermission = {
      id: randomUUID(),
      mailboxId: folder.mailbox.id,
      folder: folder.path,
      trustee,
      accessRights: accessRights(params.strings('AccessRights')),
      grantedAt: now.toISOString(),
    };
    tenant.collection('folderPermissions').put(entry);
    return { value: [row(tenant, folder, trustee, entry.accessRights)] };
  },
};

export const setMailboxFolderPermission: Cmdlet = {
  name: 'Set-MailboxFolderPermission',
  required: ['Identity', 'User', 'AccessRights'],
  parameters: writeParameters,
  run(params, { tenant, now }) {
    const folder = requireFolder(tenant, params.string('Identity'), now);
    const trustee = trusteeOf(tenant, params.string('User'));
    const existing = storedEntries(tenant, folder).find((entry) => entry.trustee === trustee);
    if (existing === undefined && !(BUILT_IN as readonly string[]).includes(trustee))
      throw CMDLET_ERRORS.invalidOperation(`There is no existing permission entry found for user: ${userShown(tenant, trustee)}.`);
    const rights = accessRights(params.strings('AccessRights'));
    tenant.collection('folderPermissions').put({
      id: existing?.id ?? randomUUID(),
      mailboxId: folder.mailbox.id,
      folder: folder.path,
      trustee,
      accessRights: rights,
      grantedAt: now.toISOString(),
    });
    return { value: [] };
  },
};

export const removeMailboxFolderPermission: Cmdlet = {
  name: 'Remove-MailboxFolderPermission',
  required: ['Identity', 'User'],
  parameters: { Identity: 'string', User: 'string', SendNotificationToUser: 'bool', ResetDelegateUserCollection: 'bool', Force: 'bool' },
  run(params, { tenant, now }) {
    const folder = requireFolder(tenant, params.string('Identity'), now);
    const trustee = trusteeOf(tenant, params.string('User'));
    const existing = storedEntries(tenant, folder).find((entry) => entry.trustee === trustee);
    // Removing Default or Anonymous sets them back to their built-in rights, as Exchange keeps both entries.
    if (existing === undefined) {
      if ((BUILT_IN as readonly string[]).includes(trustee)) return { value: [] };
      throw CMDLET_ERRORS.invalidOperation(`There is no existing permission entry found for user: ${userShown(tenant, trustee)}.`);
    }
    tenant.collection('folderPermissions').delete(existing.id);
    return { value: [] };
  },
};
