/**
 * What taking a licence away from a mailbox would strand (issue 20): Exchange keeps an unlicensed
 * mailbox's archive and holds only through a 30-day grace period, and an unlicensed shared mailbox
 * stops at 50 GB (fidelity: MBX.LICENCE.1's rules). A provider about to remove a licence asks
 * first, and refuses with what to do instead.
 */
import { exchangeBytes } from '../../m365/exchange/rows.js';
import { sizeText } from '../../spec/sizes.js';
import { find, type AdminClients } from './admin.js';

const UNLICENSED_LIMIT = 50 * 1024 ** 3;

/** What the mailbox of `identity` holds that needs its licence; empty when nothing (or no mailbox). */
export async function strandedBy(clients: AdminClients, identity: string): Promise<string[]> {
  const mailbox = await find(clients.exchange, 'Get-Mailbox', { Identity: identity });
  if (mailbox === undefined) return [];
  const reasons: string[] = [];
  if (String(mailbox.ArchiveStatus ?? 'None') === 'Active') reasons.push('its archive');
  if (mailbox.LitigationHoldEnabled === true || mailbox.LitigationHoldEnabled === 'True') reasons.push('its litigation hold');
  const statistics = await find(clients.exchange, 'Get-MailboxStatistics', { Identity: identity });
  const bytes = exchangeBytes(statistics?.TotalItemSize);
  if (bytes !== null && bytes > UNLICENSED_LIMIT) reasons.push(`its ${sizeText(bytes)} of mail (an unlicensed shared mailbox stops at 50 GB)`);
  return reasons;
}

/** Throw, saying what to do, when removing the licence `sku` (a part number, or ids) from `address` would strand mail. */
export async function refuseStranding(clients: AdminClients, address: string, sku: string): Promise<void> {
  const reasons = await strandedBy(clients, address);
  if (reasons.length === 0) return;
  throw new Error(
    `Removing the licence ${sku} from ${address} would strand ${reasons.join(' and ')}: Exchange keeps them only 30 days without a licence. Keep the licence in the spec (the mailbox's licence key); to let it go, first disable the archive (archive: false), lift the hold and bring the mailbox under 50 GB.`,
  );
}
