/** Whether a user holds an enabled Exchange Online service plan: a SKU with an EXCHANGE_S_* plan it does not disable. */
import type { SkuFacts, UserFacts } from '../../src/verify/snapshot.js';

/** The SKUs a user holds with an enabled plan that pays for an archive, hold or more than 50 GB (SkuFacts.archivingPlans). */
export function archivingLicences(user: UserFacts, skus: ReadonlyMap<string, SkuFacts>): string[] {
  return user.assignedLicenses.flatMap((licence) => {
    const sku = skus.get(licence.skuId);
    return sku !== undefined && sku.archivingPlans.some((plan) => !licence.disabledPlans.includes(plan)) ? [sku.skuPartNumber] : [];
  });
}

export function exchangeLicences(user: UserFacts, skus: ReadonlyMap<string, SkuFacts>): string[] {
  return user.assignedLicenses.flatMap((licence) => {
    const sku = skus.get(licence.skuId);
    const enabled = sku?.exchangePlans.filter((plan) => !licence.disabledPlans.includes(plan)) ?? [];
    return enabled.length > 0 && sku !== undefined ? [sku.skuPartNumber] : [];
  });
}
