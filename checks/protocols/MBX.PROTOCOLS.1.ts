/** MBX.PROTOCOLS.1: IMAP, POP and SMTP AUTH are as the mailbox's clients need. See MBX.PROTOCOLS.1.md. */
import type { Finding, MailboxCheck } from '../../src/verify/model.js';

export const check: MailboxCheck = {
  id: 'MBX.PROTOCOLS.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.casMailboxes', 'exchange.transport'],
  run(mailbox, facts, { spec, snapshot }) {
    const cas = snapshot.casMailboxes.get(facts?.name ?? '');
    if (cas === undefined) return [{ status: 'fail', message: `Get-CASMailbox did not list ${mailbox.address}.` }];
    const orgSmtpAuth = !(snapshot.transport?.smtpClientAuthenticationDisabled ?? true);
    const protocols = [
      {
        name: 'IMAP',
        key: 'imap',
        expected: mailbox.protocols.imap,
        actual: cas.imapEnabled,
        set: `Set-CASMailbox -Identity ${mailbox.address} -ImapEnabled $`,
      },
      { name: 'POP', key: 'pop', expected: mailbox.protocols.pop, actual: cas.popEnabled, set: `Set-CASMailbox -Identity ${mailbox.address} -PopEnabled $` },
      {
        name: 'SMTP AUTH',
        key: 'smtpAuth',
        expected: mailbox.protocols.smtpAuth ?? spec.organization.smtpAuth,
        actual: cas.smtpClientAuthenticationDisabled === null ? orgSmtpAuth : !cas.smtpClientAuthenticationDisabled,
        set: `Set-CASMailbox -Identity ${mailbox.address} -SmtpClientAuthenticationDisabled $`,
      },
    ] as const;
    const evidence = {
      ImapEnabled: cas.imapEnabled,
      PopEnabled: cas.popEnabled,
      SmtpClientAuthenticationDisabled: cas.smtpClientAuthenticationDisabled,
      organizationSmtpClientAuthenticationDisabled: !orgSmtpAuth,
    };
    return protocols.map(({ name, key, expected, actual, set }): Finding => {
      const pointer = `${mailbox.pointer}/protocols/${key}`;
      const word = (on: boolean): string => (on ? 'on' : 'off');
      if (expected === actual)
        return {
          status: 'pass',
          subject: name,
          expected: word(expected),
          actual: word(actual),
          message: `${name} is ${word(actual)} for ${mailbox.address}, as declared.`,
          evidence,
          pointer,
        };
      const needed = mailbox.neededProtocols.has(key);
      const value = key === 'smtpAuth' ? String(!expected) : String(expected);
      return {
        status: 'fail',
        subject: name,
        expected: word(expected),
        actual: word(actual),
        message: expected
          ? `${name} is off for ${mailbox.address}${needed ? ', and its clients need it' : ''}: ${key === 'smtpAuth' ? 'SMTP submission fails with 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled' : 'logins fail with "AUTHENTICATE failed."'}.`
          : `${name} is on for ${mailbox.address}, though the spec keeps it off: a protocol nothing uses is attack surface.`,
        remediation: {
          spec: `protocols: { ${key}: ${String(actual)} } if it is wanted.`,
          pulumi: 'pulumi up sets the CAS protocols as the spec says.',
          powershell: `${set}${value}`,
        },
        evidence,
        pointer,
      };
    });
  },
};
