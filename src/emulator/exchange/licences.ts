/**
 * Whether a user holds an enabled Exchange Online plan, as Exchange sees it. A user needs one to
 * open any mailbox, shared ones included ("To access a shared mailbox, a user must have an
 * Exchange Online license", learn.microsoft.com/exchange/collaboration-exo/shared-mailboxes). A
 * change to a licence that already gave a mailbox reaches Exchange after the replication delay
 * (the same `replicationDelaySeconds` as permission grants); the first licence, which provisions
 * the mailbox, counts at once, as the mailbox it makes does.
 */
import type { EmulatorContext } from '../context.js';
import { inEffect } from '../mail/access.js';
import type { AssignedLicense, DirectoryUser } from '../store/model.js';
import { SKUS } from '../wellknown.js';

const EXCHANGE_PLANS = new Set(
  SKUS.flatMap((sku) => sku.servicePlans.filter((plan) => plan.servicePlanName.startsWith('EXCHANGE_S_')).map((plan) => plan.servicePlanId)),
);

/** Whether the licences carry an Exchange Online plan that is not disabled. */
export function hasExchangePlan(licences: readonly AssignedLicense[]): boolean {
  return licences.some((licence) => {
    const sku = SKUS.find((candidate) => candidate.skuId === licence.skuId);
    return (sku?.servicePlans ?? []).some((plan) => EXCHANGE_PLANS.has(plan.servicePlanId) && !licence.disabledPlans.includes(plan.servicePlanId));
  });
}

/** Whether Exchange holds the user as licensed now: the current licences, or the former ones while a change replicates. */
export function exchangeLicensed(context: EmulatorContext, user: DirectoryUser): boolean {
  const change = user.exchangePlanChange;
  if (change === undefined || inEffect(context, change.at)) return hasExchangePlan(user.assignedLicenses);
  return !change.enabled;
}
