/** COPY and MOVE (RFC 6851) to another folder, with COPYUID as UIDPLUS gives it; MOVE reports the expunges. */
import { appendMessage, removeMessage } from '../../mail/messages.js';
import { text } from '../parser.js';
import type { ImapCommand, ImapConnection, Target } from './command.js';
import { IMAP_TEXTS } from '../texts.js';

async function copyTo(session: ImapConnection, tag: string, name: string, targets: readonly Target[], destinationName: string | undefined): Promise<void> {
  const destination = session.folderNamed(destinationName);
  if (destination === undefined) return session.write(`${tag} NO [TRYCREATE] ${IMAP_TEXTS.notFound}`);
  const { tenant } = session.signedIn;
  const pairs: [number, number][] = [];
  for (const { message } of targets) {
    const copied = await appendMessage(tenant, destination, Buffer.from(message.raw, 'latin1'), {
      flags: message.flags,
      receivedAt: new Date(message.receivedDateTime),
      summary: message.summary,
    });
    pairs.push([message.uid, copied.uid]);
    if (name === 'MOVE') removeMessage(tenant, message);
  }
  const current = tenant.collection('mailFolders').get(destination.id) ?? destination;
  const copyUid = pairs.length === 0 ? '' : `[COPYUID ${current.uidValidity} ${pairs.map(([from]) => from).join(',')} ${pairs.map(([, to]) => to).join(',')}] `;
  if (name === 'MOVE') {
    session.write(`* OK ${copyUid}MOVE completed.`);
    session.report();
    return session.write(`${tag} OK MOVE completed.`);
  }
  session.write(`${tag} OK ${copyUid}COPY completed.`);
}

export const copy: ImapCommand = {
  states: ['selected'],
  run(session, { tag, name, args, uid }) {
    return copyTo(session, tag, name, session.targets(args[0], uid), text(args[1]));
  },
};
