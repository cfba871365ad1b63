/**
 * The tenant the IMAP and POP tests share: anna (with Full Access on the shared mailbox info@) and
 * ben (without), delegated tokens for the protocol through a public client app, and a Mailer app
 * whose Graph token puts messages in mailboxes with sendMail.
 */
import { expect } from 'vitest';
import { GRAPH_APP_ID, type TenantAdmin } from './tenant.js';

export interface MailScenario {
  readonly anna: string;
  readonly ben: string;
  /** A Graph token with Mail.Send (application). */
  readonly mailer: string;
  /** Send a message from ben to `to` through Graph. */
  deliver(to: string, subject: string): Promise<void>;
}

export async function mailScenario(admin: TenantAdmin, protocol: 'IMAP' | 'POP'): Promise<MailScenario> {
  await admin.user('anna@contoso.com', { password: 'Anna-Pass-1' });
  await admin.user('ben@contoso.com', { password: 'Ben-Pass-1' });
  await admin.sharedMailbox('info@contoso.com');
  await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', ...(protocol === 'IMAP' ? { ImapEnabled: true } : { PopEnabled: true }) });
  await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: 'anna@contoso.com', AccessRights: ['FullAccess'] });
  const sender = await admin.app('Mailer');
  await admin.grantRoles(sender.spId, GRAPH_APP_ID, ['Mail.Send']);
  const mailer = await admin.appToken(sender.appId, await admin.secret(sender.id), 'https://graph.microsoft.com');
  const client = await admin.app('Mail client', { publicClient: true });
  const scope = `${protocol}.AccessAsUser.All`;
  await admin.grantScopes(client.spId, GRAPH_APP_ID, `${scope} offline_access`);
  const token = (upn: string, password: string): Promise<string> => admin.userToken(client.appId, upn, password, [`https://outlook.office.com/${scope}`]);
  return {
    anna: await token('anna@contoso.com', 'Anna-Pass-1'),
    ben: await token('ben@contoso.com', 'Ben-Pass-1'),
    mailer,
    async deliver(to, subject) {
      const sent = await admin.graph(
        'POST',
        'users/ben@contoso.com/sendMail',
        { message: { subject, body: { contentType: 'Text', content: `Body of ${subject}\n.leading dot` }, toRecipients: [{ emailAddress: { address: to } }] } },
        mailer,
      );
      expect(sent.status).toBe(202);
    },
  };
}
