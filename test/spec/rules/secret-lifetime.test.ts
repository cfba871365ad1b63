import { describe, expect, it } from 'vitest';
import { mutated, withCode } from '../../helpers/spec.js';

describe('rule secret-lifetime', () => {
  it('passes for a secret of exactly 12 months', () => {
    const result = mutated((doc) => (doc.app.credential = { kind: 'secret', lifetimeDays: 365 }));
    expect(withCode(result, 'SPEC_SECRET_LIFETIME')).toEqual([]);
  });

  it('warns for a secret of 366 days', () => {
    const result = mutated((doc) => (doc.app.credential = { kind: 'secret', lifetimeDays: 366 }));
    expect(withCode(result, 'SPEC_SECRET_LIFETIME')).toEqual([
      ['/app/credential/lifetimeDays', 'the app secret would live 366 days; keep secrets to 365 days or less, or use kind: certificate'],
    ]);
  });

  it('leaves a secret without a lifetime to the schema', () => {
    const result = mutated((doc) => (doc.app.credential = { kind: 'secret' }));
    expect(withCode(result, 'SPEC_MISSING_KEY').map(([pointer, message]) => `${pointer} ${message.split(':')[0]}`)).toEqual([
      "/app/credential missing required key 'lifetimeDays'",
    ]);
  });
});
