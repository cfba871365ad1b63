/** MBX.SETTINGS.1: each plain mailbox setting the spec declares (src/spec/mailbox-settings.ts) is as declared. See MBX.SETTINGS.1.md. */
import { declaredSettings, MAILBOX_SETTINGS } from '../../src/spec/mailbox-settings.js';
import type { Finding, MailboxCheck } from '../../src/verify/model.js';

export const check: MailboxCheck = {
  id: 'MBX.SETTINGS.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes'],
  run(mailbox, facts) {
    if (facts === undefined) return [];
    const findings: Finding[] = [];
    const declared = declaredSettings(mailbox);
    for (const setting of MAILBOX_SETTINGS) {
      const wanted = declared[setting.key];
      if (wanted === undefined) continue;
      const shown = facts.settings[setting.key] ?? null;
      const common = {
        subject: setting.exchange,
        expected: setting.describe(wanted),
        actual: setting.describe(shown),
        evidence: { [setting.exchange]: shown },
        pointer: `${mailbox.pointer}/${setting.key}`,
      };
      findings.push(
        shown === wanted
          ? { status: 'pass', ...common, message: `${mailbox.address} has ${setting.exchange} ${setting.describe(wanted)}, as declared.` }
          : {
              status: 'fail',
              ...common,
              message: `${mailbox.address} has ${setting.exchange} ${setting.describe(shown)}, not ${setting.describe(wanted)} as declared.`,
              remediation: {
                spec: `${setting.key}: ${JSON.stringify(shown)} if that is wanted.`,
                pulumi: `pulumi up sets ${setting.exchange} as the spec says.`,
                powershell: `Set-Mailbox -Identity ${facts.primaryAddress} -${setting.exchange} ${String(setting.write(wanted))}`,
              },
            },
      );
    }
    return findings;
  },
};
