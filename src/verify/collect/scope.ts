/**
 * What the collectors read of a spec: which shared mailboxes (their per-mailbox reads), which
 * groups (their members), and the app's name. A spec is one; so is every shared mailbox of a
 * tenant with no spec (mbx access).
 */
export interface CollectScope<M extends { readonly address: string } = { readonly address: string }> {
  readonly sharedMailboxes: readonly M[];
  readonly groups: readonly { readonly address: string }[];
  readonly app?: { readonly displayName: string };
}
