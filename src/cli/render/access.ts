/** `mbx access` output: text grouped by mailbox, a Markdown table an auditor prints, or JSON rows. */
import { rightsText, type AccessPath } from '../../access/model.js';
import { rowOf } from '../../access/query.js';

const declaredWord = (declared: boolean | null): string => (declared === null ? '' : declared ? 'declared' : 'NOT DECLARED');
const rights = (path: AccessPath): string => rightsText(path.rights);
const when = (path: AccessPath): string =>
  [path.since === undefined ? '' : `since ${path.since}`, path.by === undefined ? '' : `by ${path.by}`].filter(Boolean).join(' ');

export function renderAccessText(paths: readonly AccessPath[], unread: readonly string[]): string {
  const lines: string[] = [];
  let mailbox = '';
  for (const path of paths) {
    if (path.mailbox !== mailbox) {
      mailbox = path.mailbox;
      lines.push(`${lines.length === 0 ? '' : '\n'}${mailbox}`);
    }
    const name = path.principal.name === path.principal.id ? path.principal.id : `${path.principal.id} (${path.principal.name})`;
    const tail = [declaredWord(path.declared), when(path)].filter(Boolean).join('; ');
    lines.push(`  ${name} [${path.principal.kind}] can ${rights(path)}: ${path.via}${tail === '' ? '' : ` [${tail}]`}`);
  }
  const undeclared = paths.filter((path) => path.declared === false).length;
  lines.push(
    `\n${paths.length} way${paths.length === 1 ? '' : 's'} in to ${new Set(paths.map((path) => path.mailbox)).size} mailbox${new Set(paths.map((path) => path.mailbox)).size === 1 ? '' : 'es'}${paths.some((path) => path.declared !== null) ? `, ${undeclared} not declared` : ''}.`,
  );
  for (const entry of unread) lines.push(`Not read, so ways in of its kind may be missing: ${entry}`);
  return `${lines.join('\n')}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderAccessMarkdown(paths: readonly AccessPath[], unread: readonly string[]): string {
  const lines = [
    '| mailbox | who | kind | can | how | declared | since |',
    '|---|---|---|---|---|---|---|',
    ...paths.map((path) =>
      [
        path.mailbox,
        `${path.principal.name} (${path.principal.id})`,
        path.principal.kind,
        rights(path),
        path.via,
        declaredWord(path.declared) || 'n/a',
        when(path),
      ]
        .map(cell)
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
  ];
  const notes = unread.map((entry) => `\n> Not read, so ways in of its kind may be missing: ${cell(entry)}`);
  return `${lines.join('\n')}\n${notes.join('')}${notes.length > 0 ? '\n' : ''}`;
}

export function renderAccessJson(paths: readonly AccessPath[]): string {
  return `${JSON.stringify(paths.map(rowOf), null, 2)}\n`;
}
