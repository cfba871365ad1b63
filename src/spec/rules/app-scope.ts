import { warning, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/**
 * Application access policies are replaced by RBAC for Applications: "Don't create new App Access
 * Policies" (New-ApplicationAccessPolicy doc); without either, an app permission reaches every mailbox.
 */
export const appScope: Rule = {
  id: 'app-scope',
  description: "The app's mailbox access should be limited by RBAC for Applications.",
  check(spec) {
    const findings: SpecFinding[] = [];
    if (spec.app?.mailboxScope === 'organization')
      findings.push(
        warning(
          'SPEC_APP_SCOPE_BROAD',
          '/app/mailboxScope',
          "the app's mail permissions reach every mailbox in the organization; set mailboxScope: rbac to limit it to the shared mailboxes that name it",
        ),
      );
    if (spec.app?.mailboxScope === 'application-access-policy')
      findings.push(
        warning(
          'SPEC_APP_SCOPE_BROAD',
          '/app/mailboxScope',
          'application access policies are legacy; Microsoft replaced them with RBAC for Applications and says not to create new ones; set mailboxScope: rbac',
        ),
      );
    return findings;
  },
};
