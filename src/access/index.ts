/**
 * The access model of a run, built once: the checks (one call per mailbox), the report's access
 * section and `mbx access` read the same model, indexed by mailbox.
 */
import type { Spec } from '../spec/types.js';
import type { TenantSnapshot } from '../verify/snapshot.js';
import { buildAccessModel } from './build.js';
import type { AccessModel, AccessPath } from './model.js';

export interface IndexedModel extends AccessModel {
  /** The paths into one mailbox. */
  readonly into: (mailbox: string) => readonly AccessPath[];
}

const built = new WeakMap<TenantSnapshot, WeakMap<Spec, IndexedModel>>();

/** The model of the spec's mailboxes in this snapshot, built on first use. */
export function accessModelOf(spec: Spec, snapshot: TenantSnapshot): IndexedModel {
  let bySpec = built.get(snapshot);
  if (bySpec === undefined) built.set(snapshot, (bySpec = new WeakMap()));
  let model = bySpec.get(spec);
  if (model === undefined) {
    model = indexed(buildAccessModel({ snapshot, spec }));
    bySpec.set(spec, model);
  }
  return model;
}

/** A model with its paths indexed by mailbox. */
export function indexed(model: AccessModel): IndexedModel {
  const byMailbox = new Map<string, AccessPath[]>();
  for (const path of model.paths) {
    const list = byMailbox.get(path.mailbox);
    if (list === undefined) byMailbox.set(path.mailbox, [path]);
    else list.push(path);
  }
  return { ...model, into: (mailbox) => byMailbox.get(mailbox) ?? [] };
}

export { buildAccessModel } from './build.js';
export type { AccessInputs } from './build.js';
export * from './model.js';
