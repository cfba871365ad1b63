/** The tenant's subscriptions as Graph lists them (subscribedSkus), by the part numbers specs name. */
import type { GraphClient } from './client.js';

interface Sku {
  readonly skuId: string;
  readonly skuPartNumber: string;
  readonly servicePlans?: readonly { readonly servicePlanId: string; readonly servicePlanName: string }[];
}

/** The tenant's SKU id for a part number such as EXCHANGESTANDARD; an error naming the SKUs it holds otherwise. */
export async function skuIdOf(graph: GraphClient, partNumber: string): Promise<string> {
  return (await skuOf(graph, partNumber)).skuId;
}

/** The SKU's id and the ids of its Exchange Online service plans (EXCHANGE_S_*), the plans a mailbox rests on. */
export async function exchangeSkuOf(graph: GraphClient, partNumber: string): Promise<{ skuId: string; exchangePlans: string[] }> {
  const sku = await skuOf(graph, partNumber);
  return {
    skuId: sku.skuId,
    exchangePlans: (sku.servicePlans ?? []).filter((plan) => plan.servicePlanName.startsWith('EXCHANGE_S_')).map((plan) => plan.servicePlanId.toLowerCase()),
  };
}

async function skuOf(graph: GraphClient, partNumber: string): Promise<Sku> {
  const skus = (await graph.get<{ value: Sku[] }>('/subscribedSkus')).value;
  const sku = skus.find((candidate) => candidate.skuPartNumber.toLowerCase() === partNumber.toLowerCase());
  if (sku === undefined)
    throw new Error(
      `The tenant has no subscription to ${partNumber}; it holds ${skus.map((candidate) => candidate.skuPartNumber).join(', ') || 'none'}. Buy it, or name one of those in the spec.`,
    );
  return sku;
}
