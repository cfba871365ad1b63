import { warning, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

const MAX_RECOMMENDED_DAYS = 365;

export const secretLifetime: Rule = {
  id: 'secret-lifetime',
  description: 'An app secret should not live longer than 12 months; a certificate is better.',
  check(spec) {
    const credential = spec.app?.credential;
    if (credential?.kind !== 'secret' || (credential.lifetimeDays ?? 0) <= MAX_RECOMMENDED_DAYS) return [];
    const finding = warning(
      'SPEC_SECRET_LIFETIME',
      '/app/credential/lifetimeDays',
      `the app secret would live ${credential.lifetimeDays} days; keep secrets to ${MAX_RECOMMENDED_DAYS} days or less, or use kind: certificate`,
    );
    return [finding] satisfies SpecFinding[];
  },
};
