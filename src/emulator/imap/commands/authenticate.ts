/**
 * AUTHENTICATE XOAUTH2 (SASL-IR or a continuation) with a token for Exchange Online, and LOGIN,
 * refused as basic authentication is (fidelity 5.2). OAUTHBEARER is taken too (RFC 7628), though
 * Exchange advertises only XOAUTH2 (fidelity 5.4). A mailbox whose IMAP is off, or a principal
 * without Full Access on it, signs in, but is then authenticated and not connected (fidelity 5.3;
 * fidelity-round2 S6). A bad token, or one without IMAP.AccessAsUser.All, is AUTHENTICATE failed.
 */
import { openSession, parseOauthbearer, parseXoauth2, type ProtocolNeeds } from '../../mail/sasl.js';
import { text } from '../parser.js';
import type { ImapCommand } from './command.js';
import { IMAP_TEXTS } from '../texts.js';

const IMAP_NEEDS: ProtocolNeeds = { delegated: 'IMAP.AccessAsUser.All', application: 'IMAP.AccessAsApp', appNeedsFullAccess: true };

export const authenticate: ImapCommand = {
  states: ['unauthenticated'],
  run(session, { tag, args }) {
    const mechanism = (text(args[0]) ?? '').toUpperCase();
    const parse = mechanism === 'XOAUTH2' ? parseXoauth2 : mechanism === 'OAUTHBEARER' ? parseOauthbearer : undefined;
    if (parse === undefined) return session.write(`${tag} NO ${IMAP_TEXTS.authFailed}`);
    const finish = async (response: string): Promise<void> => {
      const parsed = parse(response);
      const opened = parsed === undefined ? undefined : await openSession(session.context, parsed.user, parsed.token, IMAP_NEEDS, { admitWithoutAccess: true });
      if (opened === undefined) return session.write(`${tag} NO ${IMAP_TEXTS.authFailed}`);
      session.session = opened;
      // IMAP off for the mailbox, or a principal that may not open it: signed in, then not connected.
      session.state = opened.mailbox.imapEnabled && opened.connected !== false ? 'authenticated' : 'disconnected';
      session.write(`${tag} OK AUTHENTICATE completed.`);
    };
    const initial = text(args[1]);
    if (initial !== undefined) return finish(initial);
    session.continuation = finish;
    session.write('+ ');
  },
};

export const login: ImapCommand = {
  states: ['unauthenticated'],
  run(session, { tag }) {
    session.write(`${tag} NO ${IMAP_TEXTS.loginFailed}`);
  },
};
