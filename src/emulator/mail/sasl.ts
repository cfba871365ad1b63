/**
 * How the mail protocols take an OAuth token (fidelity 5.2, 5.3): SASL XOAUTH2 carries
 * `user=<mailbox>^Aauth=Bearer <token>^A^A`; the token must be this emulator's, for Exchange
 * Online. The mailbox is the one `user=` names: the token's own, one its user holds Full Access
 * to, or for an app token one its Exchange service principal may reach. SMTP, POP and IMAP each
 * say which permission their token needs.
 */
import type { EmulatorContext } from '../context.js';
import { heldPermissions, type AccessClaims } from '../entra/tokens.js';
import { exchangeLicensed } from '../exchange/licences.js';
import { findMailbox } from '../exchange/recipients.js';
import type { Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { EXCHANGE_APP_ID, RESOURCE_AUDIENCES } from '../wellknown.js';
import { appRoleCovers, hasFullAccess } from './access.js';

/** `user=` and the bearer token of an XOAUTH2 initial response, or undefined if it is not one. */
export function parseXoauth2(base64: string): { user: string; token: string } | undefined {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  // eslint-disable-next-line no-control-regex -- ^A (0x01) is XOAUTH2's separator
  const match = /^user=([^\x01]*)\x01auth=Bearer ([^\x01]+)\x01\x01$/.exec(text);
  return match === null ? undefined : { user: match[1] as string, token: match[2] as string };
}

/**
 * The authorization identity and bearer token of an OAUTHBEARER initial response (RFC 7628:
 * `n,a=<user>,^Ahost=...^Aport=...^Aauth=Bearer <token>^A^A`), or undefined.
 */
export function parseOauthbearer(base64: string): { user: string; token: string } | undefined {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  const [gs2 = '', ...pairs] = text.split('\x01');
  const user = /^[ny],a=([^,]*),$/.exec(gs2)?.[1];
  const token = pairs.map((pair) => /^auth=Bearer (.+)$/i.exec(pair)?.[1]).find((value) => value !== undefined);
  return user === undefined || token === undefined ? undefined : { user: user.replace(/=2C/g, ',').replace(/=3D/g, '='), token };
}

/** What a protocol needs of a token. */
export interface ProtocolNeeds {
  /** The delegated scope, e.g. POP.AccessAsUser.All. */
  readonly delegated: string;
  /** The application permission, e.g. POP.AccessAsApp. */
  readonly application: string;
  /** An RBAC for Applications role that stands in for the application permission, if any. */
  readonly rbacRole?: string;
  /** Whether an app needs Full Access on the mailbox (IMAP and POP do; SMTP checks Send As later). */
  readonly appNeedsFullAccess: boolean;
}

/** Who a session is for: the mailbox `user=` names, and the principal whose rights apply. */
export interface MailSession {
  readonly tenant: Tenant;
  readonly mailbox: Mailbox;
  /** Who the token is for: a user (delegated) or an app (client credentials). */
  readonly identity: 'user' | 'app';
  /** The user's object id, or the app's Exchange service principal's identity. */
  readonly principalId: string;
  /** How Exchange's texts name who signed in: a UPN, or the app's display name. */
  readonly name: string;
  /**
   * False where the token is good but its principal may not open the mailbox `user=` names (a
   * delegate or an app's service principal without Full Access): IMAP then completes AUTHENTICATE
   * and answers every command after it `BAD User is authenticated but not connected.`
   * (fidelity-round2 S6: simonrob/email-oauth2-proxy#74 and #275, getmail6/getmail6#214,
   * jstedfast/MailKit#1494). Only `openSession(..., { admitWithoutAccess: true })` returns such a session.
   */
  readonly connected?: false;
  /**
   * For an app token without the Entra application permission, admitted by an RBAC for
   * Applications role alone: the role's service principal object id. SMTP then lets it send as any
   * mailbox the role's scope covers, with no mailbox permission (SMTP Onboarding to App RBAC:
   * MicrosoftDocs/office-developer-exchange-docs, smtp-app-rbac-onboarding.md; m365-2026.md 0.2).
   */
  readonly rbacApp?: string;
}

/** The session an XOAUTH2 `user=` and token open, or undefined where Exchange says AUTHENTICATE failed. */
export async function openSession(
  context: EmulatorContext,
  user: string,
  token: string,
  needs: ProtocolNeeds,
  options: { admitWithoutAccess?: boolean } = {},
): Promise<MailSession | undefined> {
  const verified = await context.tokens.verify(token);
  if (!verified.ok || RESOURCE_AUDIENCES[verified.claims.aud.replace(/\/$/, '')] !== EXCHANGE_APP_ID) return undefined;
  const tenant = context.store.resolve(verified.claims.tid);
  const mailbox = tenant === undefined ? undefined : findMailbox(tenant, user);
  if (tenant === undefined || mailbox === undefined) return undefined;
  return authorize(context, tenant, mailbox, verified.claims, needs, options.admitWithoutAccess === true);
}

function authorize(
  context: EmulatorContext,
  tenant: Tenant,
  mailbox: Mailbox,
  claims: AccessClaims,
  needs: ProtocolNeeds,
  admitWithoutAccess: boolean,
): MailSession | undefined {
  const held = heldPermissions(claims);
  if (claims.idtyp === 'app') {
    const sp = tenant.collection('exchangeServicePrincipals').lookup(`object:${claims.oid}`)[0];
    if (sp === undefined) return undefined;
    // With the Entra permission in the token the Entra model applies (mailbox permissions are
    // checked); without it, the RBAC role's scope is the whole grant.
    const byPermission = held.includes(needs.application);
    const byRole = !byPermission && needs.rbacRole !== undefined && appRoleCovers(context, tenant, claims.oid, mailbox, [needs.rbacRole]);
    if (!byPermission && !byRole) return undefined;
    const session = { tenant, mailbox, identity: 'app' as const, principalId: sp.id, name: sp.displayName, ...(byRole ? { rbacApp: claims.oid } : {}) };
    if (needs.appNeedsFullAccess && !hasFullAccess(context, tenant, mailbox, sp.id)) return admitWithoutAccess ? { ...session, connected: false } : undefined;
    return session;
  }
  if (!held.includes(needs.delegated)) return undefined;
  // A user opens mailboxes, shared ones too, only with an Exchange Online plan (exchange/licences.ts);
  // a mailbox signing in as itself needs none if it is not a user mailbox. No capture shows
  // Exchange's answer to an unlicensed delegate; the sign-in refusal is inferred (docs/emulator.md).
  const signedIn = tenant.collection('users').get(claims.oid);
  const ownNonUserMailbox = mailbox.userId === claims.oid && mailbox.recipientTypeDetails !== 'UserMailbox';
  if (signedIn === undefined || (!ownNonUserMailbox && !exchangeLicensed(context, signedIn))) return undefined;
  const session = { tenant, mailbox, identity: 'user' as const, principalId: claims.oid, name: claims.upn ?? claims.oid };
  if (mailbox.userId !== claims.oid && !hasFullAccess(context, tenant, mailbox, claims.oid))
    return admitWithoutAccess ? { ...session, connected: false } : undefined;
  return session;
}
