/** The registry of semantic rules, run in this order after the schema accepts the spec. */
import { aliasNotDeclared } from './alias-not-declared.js';
import { aliasSendDisabled } from './alias-send-disabled.js';
import { appDeclared } from './app-declared.js';
import { appScope } from './app-scope.js';
import { clientMode } from './client-mode.js';
import { clientRights } from './client-rights.js';
import { clientUser } from './client-user.js';
import { domainNotAccepted } from './domain-not-accepted.js';
import { duplicateMailbox } from './duplicate-mailbox.js';
import { ewsRetired } from './ews-retired.js';
import { foldersNeedImap } from './folders-need-imap.js';
import { groupAutoMapping } from './group-auto-mapping.js';
import { groupMembers } from './group-members.js';
import { licenceRequired } from './licence-required.js';
import { protocolDisabled } from './protocol-disabled.js';
import { proxyAddressConflict } from './proxy-address-conflict.js';
import type { Rule } from './rule.js';
import { scheduleOrder } from './schedule-order.js';
import { secretLifetime } from './secret-lifetime.js';
import { sendWithoutFullAccess } from './send-without-full-access.js';
import { signInEnabled } from './sign-in-enabled.js';
import { smtpAuthOrg } from './smtp-auth-org.js';
import { smtpAuthorization } from './smtp-authorization.js';
import { smtpLogin } from './smtp-login.js';
import { unknownTrustee } from './unknown-trustee.js';
import { waiverExpired } from './waiver-expired.js';
import { waiverUnknownCheck } from './waiver-unknown-check.js';
import { waiverUnknownMailbox } from './waiver-unknown-mailbox.js';

export type { Rule, RuleContext } from './rule.js';
export { buildContext } from './rule.js';

export const RULES: readonly Rule[] = [
  duplicateMailbox,
  proxyAddressConflict,
  domainNotAccepted,
  unknownTrustee,
  groupMembers,
  appDeclared,
  clientMode,
  clientUser,
  clientRights,
  sendWithoutFullAccess,
  aliasNotDeclared,
  aliasSendDisabled,
  protocolDisabled,
  smtpAuthOrg,
  smtpLogin,
  smtpAuthorization,
  foldersNeedImap,
  ewsRetired,
  licenceRequired,
  groupAutoMapping,
  signInEnabled,
  appScope,
  secretLifetime,
  scheduleOrder,
  waiverUnknownCheck,
  waiverUnknownMailbox,
  waiverExpired,
];
