/** Whether a user holds an enabled Exchange Online service plan: a SKU with an EXCHANGE_S_* plan it does not disable. */
import type { SkuFacts, UserFacts } from '../../src/verify/snapshot.js';

export function exchangeLicences(user: UserFacts, skus: ReadonlyMap<string, SkuFacts>): string[] {
  return user.assignedLicenses.flatMap((licence) => {
    const sku = skus.get(licence.skuId);
    const enabled = sku?.exchangePlans.filter((plan) => !licence.disabledPlans.includes(plan)) ?? [];
    return enabled.length > 0 && sku !== undefined ? [sku.skuPartNumber] : [];
  });
}
