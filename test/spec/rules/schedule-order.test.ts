import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule schedule-order', () => {
  it('passes when the replies end after they start, across time zones', () => {
    const doc = contoso();
    Object.assign(mailbox(doc, 'team@contoso.com').automaticReplies, { start: '2026-12-24T00:00:00+01:00', end: '2026-12-23T23:30:00Z' });
    expect(withCode(validateDoc(doc), 'SPEC_SCHEDULE_ORDER')).toEqual([]);
  });

  it('refuses replies that end when they start', () => {
    const result = mutated((doc) => (mailbox(doc, 'team@contoso.com').automaticReplies.end = '2026-12-24T00:00:00+01:00'));
    expect(withCode(result, 'SPEC_SCHEDULE_ORDER').map(([pointer]) => pointer)).toEqual(['/sharedMailboxes/3/automaticReplies/end']);
  });
});
