/** The access model of the live tenant (mbx access without --snapshot, and mbx snapshot): what verify reads, for the chosen mailboxes. */
import { buildAccessModel, type AccessModel } from '../../access/index.js';
import { connect } from '../../m365/connect.js';
import { lower } from '../../m365/exchange/rows.js';
import { enterTenant, runCredential } from '../../m365/reach.js';
import { DEFAULT_BUDGET_MS, RetryPolicy } from '../../m365/retry.js';
import type { Spec } from '../../spec/types.js';
import { collect } from '../../verify/collect/index.js';
import { sourceFailureText } from '../../verify/snapshot.js';

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
