/**
 * mbx export: the tenant's shared mailboxes as a spec (src/export). Connects as verify does (one
 * look at the tenant, one sign-in), then writes the spec to --out or standard output. A mailbox
 * pattern that matches nothing is bad usage (exit 2) and writes nothing; something that could not
 * be read is named in the file and on standard error, and the run exits 3.
 */
import { writeFile } from 'node:fs/promises';
import { FileError, UsageError } from '../../errors.js';
import { connect } from '../../m365/connect.js';
import { enterTenant, runCredential } from '../../m365/reach.js';
import { DEFAULT_BUDGET_MS, RetryPolicy } from '../../m365/retry.js';
import { exportTenant, type ExportResult } from '../../export/index.js';
import { readAdminAudit } from '../../export/audit.js';
import type { AuditWindow } from '../../export/changes.js';
import { pulumiImportOf } from '../../export/pulumi-import.js';
import type { GraphClient } from '../../m365/graph/client.js';
import type { Progress } from '../progress.js';

export interface ExportCommandOptions {
  readonly out?: string;
  readonly mailbox?: readonly string[];
  readonly automaticReplies?: boolean;
  /** The progress line of a long export, on a terminal. */
  readonly progress?: Progress;
  /** Also read the Exchange admin audit log from this time to now (who made each change: mbx diff). */
  readonly auditSince?: Date;
  /** Also write a Pulumi import file for the exported app's Entra objects here (docs/adopt.md). */
  readonly pulumiImport?: string;
}

export interface ExportOutcome {
  readonly result: ExportResult;
  /** Where the spec went; undefined for standard output. */
  readonly written?: string;
  readonly audit?: AuditWindow;
  /** What the Pulumi import file holds and leaves out, or why none was written. */
  readonly pulumiImport?: { readonly written: boolean; readonly notes: readonly string[] };
}

export async function exportCommand(options: ExportCommandOptions, env: NodeJS.ProcessEnv): Promise<ExportOutcome> {
  const policy = new RetryPolicy({ budgetMs: DEFAULT_BUDGET_MS });
  const { endpoints, credential } = runCredential(env, policy);
  const token = await enterTenant(endpoints, credential, policy);
  const clients = connect(token, endpoints, credential.tenantId, { exchangeConcurrency: 8, retry: policy });
  const result = await exportTenant(clients, {
    mailboxes: options.mailbox ?? [],
    automaticReplies: options.automaticReplies !== false,
    ...(options.progress === undefined ? {} : { onProgress: (done: number, total: number) => options.progress?.update(done, total) }),
  }).finally(() => options.progress?.end());
  if (result.unmatched.length > 0)
    throw new UsageError(
      `--mailbox ${result.unmatched.map((pattern) => `'${pattern}'`).join(', ')} matched no shared mailbox in the tenant; nothing was written. Use the primary address, or * for any characters (sales*@contoso.com).`,
    );
  const audit = options.auditSince === undefined ? undefined : await readAdminAudit(clients.exchange, options.auditSince, new Date());
  const pulumiImport = options.pulumiImport === undefined ? undefined : await writePulumiImport(options.pulumiImport, result, clients.graph);
  if (options.out !== undefined)
    await writeFile(options.out, result.text, { mode: 0o644 }).catch((error: unknown) => {
      throw new FileError(options.out as string, error, 'write');
    });
  return {
    result,
    ...(options.out === undefined ? {} : { written: options.out }),
    ...(audit === undefined ? {} : { audit }),
    ...(pulumiImport === undefined ? {} : { pulumiImport }),
  };
}

/** The import file for the exported app, or a note saying why there is none (no app exported, or its objects not found). */
async function writePulumiImport(file: string, result: ExportResult, graph: GraphClient): Promise<NonNullable<ExportOutcome['pulumiImport']>> {
  if (result.app === undefined)
    return { written: false, notes: [`${file} not written: no app was exported, and the Exchange objects need no import (mbx's providers adopt them).`] };
  try {
    const { file: imports, notes } = await pulumiImportOf(graph, result.app);
    await writeFile(file, `${JSON.stringify(imports, null, 2)}\n`, { mode: 0o644 }).catch((error: unknown) => {
      throw new FileError(file, error, 'write');
    });
    return { written: true, notes: [`${file}: ${imports.resources.length} Entra objects to import with pulumi import --file ${file}`, ...notes] };
  } catch (error) {
    return { written: false, notes: [`${file} not written: ${(error as Error).message}`] };
  }
}
