import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

export const scheduleOrder: Rule = {
  id: 'schedule-order',
  description: 'Scheduled automatic replies must end after they start.',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      const replies = mailbox.automaticReplies;
      if (replies?.status !== 'scheduled' || !replies.start || !replies.end) continue;
      if (Date.parse(replies.end) > Date.parse(replies.start)) continue;
      findings.push(
        error(
          'SPEC_SCHEDULE_ORDER',
          pointerJoin(mailbox.pointer, 'automaticReplies', 'end'),
          `${mailbox.address}'s automatic replies end (${replies.end}) before they start (${replies.start}); swap or correct the dates`,
        ),
      );
    }
    return findings;
  },
};
