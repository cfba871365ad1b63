/**
 * A licence on a user (Graph assignLicense), by the SKU's part number as the spec writes it, with
 * the usage location a licence needs set first. This is how the delegates get their Exchange
 * licence; a shared mailbox gets one only when the spec asks for it (archive, hold, over 50 GB).
 * @pulumi/azuread has no licence resource, hence a provider of mbx's own. A licence the user held
 * before is adopted and kept on delete: taking it away would take a person's mailbox. A licence is
 * never taken where that strands an archive, a hold or mail over 50 GB (strand.ts), and a new SKU
 * is assigned before the old one goes (an update, not a replacement that leaves a gap).
 */
import type * as pulumi from '@pulumi/pulumi';
import { ServiceError } from '../../m365/errors.js';
import { adminClients, type AdminClients } from './admin.js';
import { ExchangeResource, type CheckFailure, type Operations } from './provider.js';
import { exchangeSkuOf } from '../../m365/graph/skus.js';
import { refuseStranding } from './strand.js';

export interface LicenceInputs {
  /** The user's principal name. */
  readonly user: string;
  readonly skuPartNumber: string;
  /** Two letters (ISO 3166-1); null keeps the user's own. */
  readonly usageLocation: string | null;
  readonly version: string;
}

export interface LicenceOutputs extends LicenceInputs {
  readonly userId: string;
  readonly skuId: string;
  /** The user held the licence before: delete keeps it. */
  readonly adopted: boolean;
}

interface DirectoryUser {
  readonly id: string;
  readonly usageLocation: string | null;
  readonly assignedLicenses: readonly { readonly skuId: string; readonly disabledPlans?: readonly string[] }[];
}

const user = (clients: AdminClients, upn: string): Promise<DirectoryUser> =>
  clients.graph.get<DirectoryUser>(`/users/${encodeURIComponent(upn)}?$select=id,usageLocation,assignedLicenses`);

/** The user, or undefined when Graph no longer finds it. */
async function userIfAny(clients: AdminClients, upn: string): Promise<DirectoryUser | undefined> {
  try {
    return await user(clients, upn);
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) return undefined;
    throw error;
  }
}

async function converge(inputs: LicenceInputs, env: NodeJS.ProcessEnv, adopted?: boolean): Promise<LicenceOutputs> {
  const clients = adminClients(env);
  const found = await user(clients, inputs.user);
  const { skuId: sku, exchangePlans } = await exchangeSkuOf(clients.graph, inputs.skuPartNumber);
  if (inputs.usageLocation !== null && found.usageLocation !== inputs.usageLocation)
    await clients.graph.patch(`/users/${found.id}`, { usageLocation: inputs.usageLocation });
  const heldLicence = found.assignedLicenses.find((licence) => licence.skuId.toLowerCase() === sku.toLowerCase());
  const held = heldLicence !== undefined;
  if (!held) await clients.graph.post(`/users/${found.id}/assignLicense`, { addLicenses: [{ skuId: sku, disabledPlans: [] }], removeLicenses: [] });
  else {
    // The licence is for the mailbox: an Exchange Online plan disabled in it is turned back on, the other plans left as the admin set them.
    const disabled = heldLicence.disabledPlans ?? [];
    const keep = disabled.filter((plan) => !exchangePlans.includes(plan.toLowerCase()));
    if (keep.length !== disabled.length)
      await clients.graph.post(`/users/${found.id}/assignLicense`, { addLicenses: [{ skuId: sku, disabledPlans: keep }], removeLicenses: [] });
  }
  return { ...inputs, userId: found.id, skuId: sku, adopted: adopted ?? held };
}

/** Take the licence away, where the user still holds it; `guard`: refuse where that strands mail. */
async function unassign(outs: LicenceOutputs, env: NodeJS.ProcessEnv, guard: boolean): Promise<void> {
  const clients = adminClients(env);
  const found = await userIfAny(clients, outs.user);
  if (found?.assignedLicenses.some((licence) => licence.skuId === outs.skuId) !== true) return;
  if (guard) await refuseStranding(clients, outs.user, outs.skuPartNumber);
  await clients.graph.post(`/users/${found.id}/assignLicense`, { addLicenses: [], removeLicenses: [outs.skuId] });
}

export const operations: Operations<LicenceInputs, LicenceOutputs> = {
  replaceOn: ['user'],
  check(news) {
    const failures: CheckFailure[] = [];
    if (news.user.trim() === '') failures.push({ property: 'user', reason: 'Name the user to license.' });
    if (news.skuPartNumber.trim() === '')
      failures.push({ property: 'skuPartNumber', reason: 'Name the licence by its SKU part number, such as EXCHANGESTANDARD.' });
    if (news.usageLocation !== null && !/^[A-Z]{2}$/.test(news.usageLocation))
      failures.push({ property: 'usageLocation', reason: `'${news.usageLocation}' is not a two-letter country code such as DE.` });
    return failures;
  },
  async create(inputs, env) {
    const outs = await converge(inputs, env);
    return { id: `${outs.userId}/${outs.skuId}`, outs };
  },
  async read(_id, outs, env) {
    const clients = adminClients(env);
    const found = await userIfAny(clients, outs.user);
    if (found === undefined || !found.assignedLicenses.some((licence) => licence.skuId === outs.skuId)) return undefined;
    return { ...outs, usageLocation: outs.usageLocation === null ? null : found.usageLocation };
  },
  async update(_id, olds, news, env) {
    if (olds.skuPartNumber === news.skuPartNumber) return converge(news, env, olds.adopted);
    // Another SKU: the new one first, so the mailbox is never without one; then the old, if mbx assigned it.
    const outs = await converge(news, env);
    if (!olds.adopted) await unassign(olds, env, false);
    return outs;
  },
  delete: (_id, outs, env) => (outs.adopted ? Promise.resolve() : unassign(outs, env, true)),
};

export type LicenceArgs = { readonly [K in keyof LicenceInputs]: pulumi.Input<LicenceInputs[K]> };

export class Licence extends ExchangeResource {
  declare readonly userId: pulumi.Output<string>;
  declare readonly skuId: pulumi.Output<string>;

  constructor(name: string, args: LicenceArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'licence', name, args, ['userId', 'skuId', 'adopted'], options);
  }
}
