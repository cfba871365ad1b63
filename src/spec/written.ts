/**
 * The spec as written, after schema validation filled in the schema's defaults. These types
 * mirror schemas/mailbox-spec.schema.json (the contract); test/spec/schema.test.ts checks that
 * they name every key the schema defines.
 */
import type { Identity, InboundWay, OutboundWay, ProbeKind, ProfileId } from '../profiles/index.js';

export interface WrittenSpec {
  version: 1;
  tenant: { id?: string; primaryDomain: string; acceptedDomains: string[]; usageLocation?: string };
  organization?: { sendFromAliasEnabled: boolean; smtpAuth: boolean };
  users?: Array<{ address: string; displayName?: string; kind: 'person' | 'service'; licence: string; usageLocation?: string }>;
  groups?: Array<{ address: string; displayName?: string; members?: string[] }>;
  app?: {
    displayName: string;
    credential: { kind: 'certificate' | 'secret'; lifetimeDays?: number };
    mailboxScope: 'rbac' | 'application-access-policy' | 'organization';
    managementScopeName?: string;
  };
  sharedMailboxes: WrittenMailbox[];
  waivers?: Array<{ check: string; mailbox?: string; status?: 'warn' | 'fail'; subject?: string; contains?: string; rationale: string; expires: string }>;
}

export interface WrittenMailbox {
  address: string;
  displayName: string;
  aliases?: string[];
  signInBlocked: boolean;
  licence?: string;
  archive?: boolean;
  usageLocation?: string;
  litigationHold: boolean;
  onDelete: 'retain' | 'remove';
  sizeWarningGB?: number;
  hiddenFromAddressLists: boolean;
  fullAccess?: Array<{ trustee: string; autoMapping: boolean }>;
  sendAs?: string[];
  sendOnBehalf?: string[];
  sentItemsCopy?: { sendAs: boolean; sendOnBehalf: boolean };
  forwarding?: { address: string; keepCopy: boolean };
  automaticReplies?: {
    status: 'disabled' | 'alwaysEnabled' | 'scheduled';
    externalAudience: 'none' | 'contactsOnly' | 'all';
    internalMessage?: string;
    externalMessage?: string;
    start?: string;
    end?: string;
  };
  protocols?: { imap?: boolean; pop?: boolean; smtpAuth?: boolean };
  clients?: WrittenClient[];
  probes?: ProbeKind[];
}

export interface WrittenClient {
  profile: ProfileId;
  identity?: Identity;
  user?: string;
  inbound?: InboundWay;
  outbound?: OutboundWay;
  folders?: { trash?: string; spam?: string; sent?: string };
  sendFromAliases?: string[];
  smtpLogin?: 'delegate' | 'shared';
  smtpAuthorization?: 'rbac' | 'mailbox-permission';
}
