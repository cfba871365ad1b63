/**
 * The report's access section (issue 32): every way into the run's mailboxes from the access model
 * the checks judged, as rows, with how many there are and how many the spec does not declare. The
 * renderers print it; `mbx report merge` joins the shards' sections (each holds its own mailboxes).
 */
import type { AccessModel } from '../access/model.js';
import { rowOf, type AccessRow } from '../access/query.js';
import type { AccessSection } from './result.js';

export function accessSection(model: AccessModel, keep: (mailbox: string) => boolean): AccessSection {
  const rows = model.paths.filter((path) => keep(path.mailbox)).map(rowOf);
  return sectionOf(rows);
}

export function sectionOf(rows: readonly AccessRow[]): AccessSection {
  return { paths: rows.length, undeclared: rows.filter((row) => row.declared === false).length, rows };
}
