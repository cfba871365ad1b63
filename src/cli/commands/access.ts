/**
 * mbx access: every way into the shared mailboxes (the access model, src/access), from a snapshot
 * file or the live tenant, filtered by mailbox, user or app. Live, it reads what verify reads for
 * each mailbox (one batch a mailbox) and the tenant-wide lists; with --spec, each way in says
 * whether the spec declares it, and the mailboxes are the spec's.
 */
import { expand } from '../../access/compact.js';
import type { AccessModel } from '../../access/model.js';
import { matcher, selectPaths, type AccessFilter } from '../../access/query.js';
import { UsageError } from '../../errors.js';
import type { Spec } from '../../spec/types.js';
import { renderAccessJson, renderAccessMarkdown, renderAccessText } from '../render/access.js';
import { loadSnapshot } from './snapshot-file.js';

export type AccessFormat = 'text' | 'json' | 'markdown';

export interface AccessCommandOptions extends AccessFilter {
  readonly snapshot?: string;
  readonly spec?: string;
  readonly format?: AccessFormat;
}

export interface AccessOutcome {
  readonly output: string;
  readonly paths: number;
  /** Sources that could not be read: the listing may miss ways in of their kinds. */
  readonly unread: readonly string[];
}

export async function accessCommand(options: AccessCommandOptions, env: NodeJS.ProcessEnv): Promise<AccessOutcome> {
  if (options.snapshot !== undefined && options.spec !== undefined)
    throw new UsageError('Give --snapshot or --spec, not both: a snapshot keeps the ways in as they were read, declared against no spec.');
  let model: AccessModel;
  if (options.snapshot !== undefined) {
    const snapshot = await loadSnapshot(options.snapshot);
    if (snapshot.access === undefined)
      throw new UsageError(`${options.snapshot} was taken by an mbx that did not keep the ways in; take a new one with mbx snapshot --out <file>`, {
        file: options.snapshot,
      });
    // Only the rows the question selects are decoded (compact.ts).
    model = expand(snapshot.access, matcher(options));
  } else {
    let spec: Spec | undefined;
    if (options.spec !== undefined) {
      const { loadSpecFile, specName } = await import('../../spec/load.js');
      const loaded = await loadSpecFile(options.spec);
      if (!loaded.ok)
        throw new UsageError(`${specName(options.spec)} is not a valid spec (${loaded.errors[0]?.message ?? 'invalid'}); run mbx validate ${options.spec}`, {
          file: options.spec,
        });
      spec = loaded.spec;
    }
    // The live tenant's modules load only here: a question to a snapshot file starts fast.
    const { readAccess } = await import('./access-live.js');
    model = await readAccess(env, { ...(spec === undefined ? {} : { spec }), ...(options.mailboxes === undefined ? {} : { mailboxes: options.mailboxes }) });
  }
  const paths = selectPaths(model, options);
  const format = options.format ?? 'text';
  const output =
    format === 'json' ? renderAccessJson(paths) : format === 'markdown' ? renderAccessMarkdown(paths, model.unread) : renderAccessText(paths, model.unread);
  return { output, paths: paths.length, unread: model.unread };
}
