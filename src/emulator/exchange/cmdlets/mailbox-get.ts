/**
 * Get-Mailbox and Get-EXOMailbox. `-Identity $null` returns every mailbox, as the doc warns
 * (Get-Mailbox.md); -Filter takes the OPATH subset in opath.ts; Get-EXOMailbox returns the Minimum
 * property set unless -PropertySets or -Properties ask for more.
 */
import { LazyRows, SerializedRow, type Cmdlet, type CmdletContext } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { parseFilter } from '../opath.js';
import type { Params } from '../params.js';
import { PROPERTY_SETS, mailboxJson, mailboxObject, project } from '../present.js';
import { findMailbox } from '../recipients.js';
import { RECIPIENT_TYPE_DETAILS, type Mailbox } from '../../store/model.js';

/**
 * Mailboxes of the asked-for types, per list() array: the store hands out a new array on every
 * change, so an entry is dropped with the state it was computed from.
 */
const byTypes = new WeakMap<readonly Mailbox[], Map<string, readonly Mailbox[]>>();

function ofTypes(mailboxes: readonly Mailbox[], wanted: ReadonlySet<string>): readonly Mailbox[] {
  const key = [...wanted].sort().join(',');
  let cache = byTypes.get(mailboxes);
  if (cache === undefined) byTypes.set(mailboxes, (cache = new Map()));
  let found = cache.get(key);
  if (found === undefined) cache.set(key, (found = mailboxes.filter((mailbox) => wanted.has(mailbox.recipientTypeDetails))));
  return found;
}

function select(params: Params, { tenant }: CmdletContext): readonly Mailbox[] {
  const identity =
    params.string('Identity') ?? params.string('PrimarySmtpAddress') ?? params.string('UserPrincipalName') ?? params.string('ExternalDirectoryObjectId');
  let mailboxes: readonly Mailbox[];
  if (identity !== undefined) {
    const mailbox = findMailbox(tenant, identity);
    if (mailbox === undefined) throw CMDLET_ERRORS.notFound(identity);
    mailboxes = [mailbox];
  } else {
    mailboxes = tenant.collection('mailboxes').list();
  }
  const types = params.strings('RecipientTypeDetails');
  if (types !== undefined) {
    // Compared as the store spells them, so the 10,000-mailbox scan lower-cases nothing.
    const named = new Set(types.flatMap((type) => type.split(',')).map((type) => type.trim().toLowerCase()));
    const wanted = new Set<string>(RECIPIENT_TYPE_DETAILS.filter((type) => named.has(type.toLowerCase())));
    mailboxes = ofTypes(mailboxes, wanted);
  }
  return mailboxes;
}

function filtered(params: Params, objects: Record<string, unknown>[]): Record<string, unknown>[] {
  const filter = params.string('Filter');
  if (filter === undefined) return objects;
  const test = parseFilter(filter);
  return objects.filter(test);
}

export const getMailbox: Cmdlet = {
  name: 'Get-Mailbox',
  pages: true,
  parameters: { Identity: 'string', RecipientTypeDetails: 'strings', Filter: 'string', ResultSize: 'resultSize', Anr: 'string', SoftDeletedMailbox: 'bool' },
  run(params, context) {
    const mailboxes = select(params, context);
    // Without a filter nothing needs the objects but the page sent back: build them lazily.
    if (params.string('Filter') === undefined) {
      return {
        value: new LazyRows(
          mailboxes,
          (mailbox) =>
            new SerializedRow(
              () => mailboxObject(context.tenant, mailbox),
              () => mailboxJson(context.tenant, mailbox),
            ),
        ),
      };
    }
    return {
      value: filtered(
        params,
        mailboxes.map((mailbox) => mailboxObject(context.tenant, mailbox)),
      ),
    };
  },
};

export const getExoMailbox: Cmdlet = {
  name: 'Get-EXOMailbox',
  pages: true,
  parameters: {
    Identity: 'string',
    RecipientTypeDetails: 'strings',
    Filter: 'string',
    ResultSize: 'resultSize',
    PropertySets: 'strings',
    Properties: 'strings',
    PrimarySmtpAddress: 'string',
    UserPrincipalName: 'string',
    ExternalDirectoryObjectId: 'string',
  },
  run(params, context) {
    const sets = (params.strings('PropertySets') ?? ['Minimum']).flatMap((set) => set.split(',')).map((set) => set.trim().toLowerCase());
    const wanted = new Set<string>(['Identity']);
    for (const set of sets) {
      if (set === 'all') {
        Object.values(PROPERTY_SETS)
          .flat()
          .forEach((name) => wanted.add(name));
        continue;
      }
      const names = PROPERTY_SETS[set];
      if (names === undefined)
        throw CMDLET_ERRORS.badValue('PropertySets', `Cannot convert value "${set}" to type "Microsoft.Exchange.Management.RestApiClient.PropertySet".`);
      names.forEach((name) => wanted.add(name));
    }
    for (const name of params.strings('Properties') ?? []) name.split(',').forEach((item) => wanted.add(item.trim()));
    const mailboxes = select(params, context);
    if (params.string('Filter') === undefined)
      return { value: new LazyRows(mailboxes, (mailbox) => () => project(mailboxObject(context.tenant, mailbox), wanted)) };
    return {
      value: filtered(
        params,
        mailboxes.map((mailbox) => mailboxObject(context.tenant, mailbox)),
      ).map((object) => project(object, wanted)),
    };
  },
};
