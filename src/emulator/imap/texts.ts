/**
 * What Exchange's IMAP service says (fidelity 5.2-5.4): its host name, greeting, capabilities
 * before and after sign-in, the flags it offers, and its refusal texts; other commands follow its
 * `<COMMAND> completed.` pattern.
 */
export const IMAP_HOST = 'MBXEMU01.outlook.office365.com';

export const CAPABILITY_BEFORE = 'IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+';
export const CAPABILITY_AFTER =
  'IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION BACKENDAUTHENTICATE CHILDREN IDLE NAMESPACE LITERAL+';
export const FLAGS = '\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent';

export const IMAP_TEXTS = {
  greeting: `* OK The Microsoft Exchange IMAP4 service is ready. [${Buffer.from(IMAP_HOST).toString('base64')}]`,
  authFailed: 'AUTHENTICATE failed.',
  loginFailed: 'LOGIN failed.',
  notConnected: 'User is authenticated but not connected.',
  bye: '* BYE Microsoft Exchange Server IMAP4 server signing off.',
  /** An idle connection closed by the server (Exchange's IMAP4 TimeoutErrorString; mail/idle.ts). */
  timeout: '* BYE Connection is closed. 13',
  /** A command the state does not allow: unknown, before sign-in, or needing a selected folder. */
  invalidState: 'Command received in Invalid state.',
  /** A command a session with a folder selected does not know. */
  commandError: 'Command Error. 12',
  argumentError: 'Command Argument Error. 11',
  notFound: 'The requested item could not be found.',
} as const;
