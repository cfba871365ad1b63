/** The cmdlet registry: name (any case) to handler. docs/emulator.md lists the same set. */
import type { Cmdlet } from '../cmdlet.js';
import {
  getApplicationAccessPolicy,
  newApplicationAccessPolicy,
  removeApplicationAccessPolicy,
  testApplicationAccessPolicy,
} from './application-access-policy.js';
import { disableMailbox, enableMailbox } from './archive.js';
import { searchUnifiedAuditLog } from './audit-log.js';
import { getAutoReply, setAutoReply } from './auto-reply.js';
import {
  addDistributionGroupMember,
  getDistributionGroup,
  getDistributionGroupMember,
  newDistributionGroup,
  removeDistributionGroup,
  removeDistributionGroupMember,
  setDistributionGroup,
  updateDistributionGroupMember,
} from './distribution-group.js';
import { addMailboxFolderPermission, getMailboxFolderPermission, removeMailboxFolderPermission, setMailboxFolderPermission } from './folder-permission.js';
import { getInboxRule, newInboxRule, removeInboxRule, setInboxRule } from './inbox-rule.js';
import { getCasMailbox, getExoCasMailbox, setCasMailbox } from './cas-mailbox.js';
import { getExoMailbox, getMailbox } from './mailbox-get.js';
import { newMailbox } from './mailbox-new.js';
import { addMailboxPermission, getExoMailboxPermission, getMailboxPermission, removeMailboxPermission } from './mailbox-permission.js';
import { removeMailbox, setMailbox } from './mailbox-set.js';
import { getExoMailboxStatistics, getMailboxStatistics } from './mailbox-statistics.js';
import { getAcceptedDomain, getOrganizationConfig, getTransportConfig, setOrganizationConfig, setTransportConfig } from './organization.js';
import {
  getManagementRoleAssignment,
  getManagementScope,
  newManagementRoleAssignment,
  newManagementScope,
  removeManagementRoleAssignment,
  removeManagementScope,
  setManagementScope,
  testServicePrincipalAuthorization,
} from './rbac.js';
import { addRecipientPermission, getExoRecipientPermission, getRecipientPermission, removeRecipientPermission } from './recipient-permission.js';
import { getServicePrincipal, newServicePrincipal, removeServicePrincipal } from './service-principal.js';

export const CMDLETS: readonly Cmdlet[] = [
  searchUnifiedAuditLog,
  getMailbox,
  getExoMailbox,
  newMailbox,
  setMailbox,
  removeMailbox,
  enableMailbox,
  disableMailbox,
  getMailboxPermission,
  getExoMailboxPermission,
  addMailboxPermission,
  removeMailboxPermission,
  getMailboxFolderPermission,
  addMailboxFolderPermission,
  setMailboxFolderPermission,
  removeMailboxFolderPermission,
  getInboxRule,
  newInboxRule,
  setInboxRule,
  removeInboxRule,
  getRecipientPermission,
  getExoRecipientPermission,
  addRecipientPermission,
  removeRecipientPermission,
  getOrganizationConfig,
  setOrganizationConfig,
  getTransportConfig,
  setTransportConfig,
  getAcceptedDomain,
  getCasMailbox,
  getExoCasMailbox,
  setCasMailbox,
  getMailboxStatistics,
  getExoMailboxStatistics,
  getAutoReply,
  setAutoReply,
  newDistributionGroup,
  getDistributionGroup,
  setDistributionGroup,
  removeDistributionGroup,
  getDistributionGroupMember,
  addDistributionGroupMember,
  removeDistributionGroupMember,
  updateDistributionGroupMember,
  newServicePrincipal,
  getServicePrincipal,
  removeServicePrincipal,
  newManagementScope,
  getManagementScope,
  setManagementScope,
  removeManagementScope,
  newManagementRoleAssignment,
  getManagementRoleAssignment,
  removeManagementRoleAssignment,
  testServicePrincipalAuthorization,
  newApplicationAccessPolicy,
  getApplicationAccessPolicy,
  removeApplicationAccessPolicy,
  testApplicationAccessPolicy,
];

const BY_NAME = new Map(CMDLETS.map((cmdlet) => [cmdlet.name.toLowerCase(), cmdlet]));

export function findCmdlet(name: string): Cmdlet | undefined {
  return BY_NAME.get(name.toLowerCase());
}
