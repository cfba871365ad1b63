import { warning, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

const CHECK_ID = 'MBX.SIGNIN.1';

export const signInEnabled: Rule = {
  id: 'sign-in-enabled',
  description: `A shared mailbox's own account should be blocked from signing in (CIS.M365.1.2.2), unless ${CHECK_ID} is waived for it.`,
  check(spec, context) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      if (mailbox.signInBlocked) continue;
      const waived = spec.waivers.some((w) => w.check === CHECK_ID && (w.mailbox === undefined || w.mailbox === mailbox.address) && w.expires >= context.today);
      if (waived) continue;
      findings.push(
        warning(
          'SPEC_SIGN_IN_ENABLED',
          pointerJoin(mailbox.pointer, 'signInBlocked'),
          `${mailbox.address} lets its own account sign in, so anyone who learns or resets its password can use it; Microsoft and CIS.M365.1.2.2 say to block it: remove signInBlocked: false, or waive ${CHECK_ID} with a rationale`,
        ),
      );
    }
    return findings;
  },
};
