/** The tenant's subscriptions as Graph lists them (subscribedSkus), by the part numbers specs name. */
import type { GraphClient } from './client.js';

/** The tenant's SKU id for a part number such as EXCHANGESTANDARD; an error naming the SKUs it holds otherwise. */
export async function skuIdOf(graph: GraphClient, partNumber: string): Promise<string> {
  const skus = (await graph.get<{ value: { skuId: string; skuPartNumber: string }[] }>('/subscribedSkus')).value;
  const sku = skus.find((candidate) => candidate.skuPartNumber.toLowerCase() === partNumber.toLowerCase());
  if (sku === undefined)
    throw new Error(
      `The tenant has no subscription to ${partNumber}; it holds ${skus.map((candidate) => candidate.skuPartNumber).join(', ') || 'none'}. Buy it, or name one of those in the spec.`,
    );
  return sku.skuId;
}
