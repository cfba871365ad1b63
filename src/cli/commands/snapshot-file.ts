/** Reading a snapshot file mbx snapshot wrote: the file, its JSON, its schema, each with an error that says what to do. */
import { readFile } from 'node:fs/promises';
import { FileError, UsageError } from '../../errors.js';
import { asSnapshot, type Snapshot } from '../../export/diff.js';

/** A snapshot file, checked against its schema. */
export async function loadSnapshot(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FileError(file, error);
  }
  try {
    return asSnapshot(JSON.parse(text), file);
  } catch (error) {
    // JSON.parse's message quotes the text, which need not be a snapshot's (a credentials file given by mistake).
    if (error instanceof SyntaxError) throw new UsageError(`${file} is not JSON; give a file mbx snapshot wrote`, { file });
    throw error;
  }
}
