/**
 * mbx access: every way into the shared mailboxes (the access model, src/access), from a snapshot
 * file or the live tenant, filtered by mailbox, user or app. Live, it reads what verify reads for
 * each mailbox (one batch a mailbox) and the tenant-wide lists; with --spec, each way in says
 * whether the spec declares it, and the mailboxes are the spec's.
 */
import { buildAccessModel, type AccessModel } from '../../access/index.js';
import { selectPaths, type AccessFilter } from '../../access/query.js';
import { UsageError } from '../../errors.js';
import { connect } from '../../m365/connect.js';
import { lower } from '../../m365/exchange/rows.js';
import { enterTenant, runCredential } from '../../m365/reach.js';
import { DEFAULT_BUDGET_MS, RetryPolicy } from '../../m365/retry.js';
import { loadSpecFile, specName } from '../../spec/load.js';
import type { Spec } from '../../spec/types.js';
import { collect } from '../../verify/collect/index.js';
import { sourceFailureText } from '../../verify/snapshot.js';
import { renderAccessJson, renderAccessMarkdown, renderAccessText } from '../render/access.js';
import { loadSnapshot } from './snapshot-file.js';

export type AccessFormat = 'text' | 'json' | 'markdown';

export interface AccessCommandOptions extends AccessFilter {
  readonly snapshot?: string;
  readonly spec?: string;
  readonly format?: AccessFormat;
}

export interface AccessOutcome {
  readonly output: string;
  readonly paths: number;
  /** Sources that could not be read: the listing may miss ways in of their kinds. */
  readonly unread: readonly string[];
}

/**
 * The access model of the live tenant: of the spec's mailboxes, with `declared` set, or of every
 * shared mailbox (or those named) with `declared` null.
 */
export async function readAccess(env: NodeJS.ProcessEnv, scope: { readonly spec?: Spec; readonly mailboxes?: readonly string[] }): Promise<AccessModel> {
  const policy = new RetryPolicy({ budgetMs: DEFAULT_BUDGET_MS });
  const { endpoints, credential } = runCredential(env, policy);
  const token = await enterTenant(endpoints, credential, policy);
  const clients = connect(token, endpoints, credential.tenantId, { exchangeConcurrency: 8, retry: policy });
  let addresses = scope.spec?.sharedMailboxes.map((mailbox) => mailbox.address);
  if (addresses === undefined) {
    const shared = await clients.exchange.invoke(
      'Get-Mailbox',
      { RecipientTypeDetails: ['SharedMailbox'], ResultSize: 'Unlimited' },
      { select: ['PrimarySmtpAddress'] },
    );
    addresses = shared.map((row) => lower(row.PrimarySmtpAddress));
  }
  const wanted = scope.mailboxes === undefined || scope.mailboxes.length === 0 ? undefined : new Set(scope.mailboxes.map((address) => address.toLowerCase()));
  const covered = addresses.filter((address) => wanted === undefined || wanted.has(address)).sort();
  const collected = await collect(scope.spec ?? { sharedMailboxes: covered.map((address) => ({ address })), groups: [] }, clients, undefined, (mailbox) =>
    covered.includes(mailbox.address),
  );
  const unread = [...collected.ledger].flatMap(([source, outcome]) => (outcome.ok ? [] : [`${source}: ${sourceFailureText(outcome)}`]));
  return buildAccessModel({ snapshot: collected.snapshot, ...(scope.spec === undefined ? {} : { spec: scope.spec }), mailboxes: covered, unread });
}

export async function accessCommand(options: AccessCommandOptions, env: NodeJS.ProcessEnv): Promise<AccessOutcome> {
  if (options.snapshot !== undefined && options.spec !== undefined)
    throw new UsageError('Give --snapshot or --spec, not both: a snapshot keeps the ways in as they were read, declared against no spec.');
  let model: AccessModel;
  if (options.snapshot !== undefined) {
    const snapshot = await loadSnapshot(options.snapshot);
    if (snapshot.access === undefined)
      throw new UsageError(`${options.snapshot} was taken by an mbx that did not keep the ways in; take a new one with mbx snapshot --out <file>`, {
        file: options.snapshot,
      });
    model = snapshot.access;
  } else {
    let spec: Spec | undefined;
    if (options.spec !== undefined) {
      const loaded = await loadSpecFile(options.spec);
      if (!loaded.ok)
        throw new UsageError(`${specName(options.spec)} is not a valid spec (${loaded.errors[0]?.message ?? 'invalid'}); run mbx validate ${options.spec}`, {
          file: options.spec,
        });
      spec = loaded.spec;
    }
    model = await readAccess(env, { ...(spec === undefined ? {} : { spec }), ...(options.mailboxes === undefined ? {} : { mailboxes: options.mailboxes }) });
  }
  const paths = selectPaths(model, options);
  const format = options.format ?? 'text';
  const output =
    format === 'json' ? renderAccessJson(paths) : format === 'markdown' ? renderAccessMarkdown(paths, model.unread) : renderAccessText(paths, model.unread);
  return { output, paths: paths.length, unread: model.unread };
}
