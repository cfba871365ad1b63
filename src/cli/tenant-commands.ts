/**
 * The commands that read the tenant without changing it and without a spec to verify: export,
 * snapshot, diff and access (the access model: who and what can get into each shared mailbox).
 */
import { Option, type Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { CONNECTION_HELP, type Io } from './io.js';

export function registerTenantReads(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('export')
    .description("Read the tenant's shared mailboxes, their grants, the users and groups holding them and the organization settings, and write them as a spec.")
    .option('--out <file>', 'write the spec here (default: standard output)')
    .option('--mailbox <pattern...>', 'only these shared mailboxes, by address; * matches any characters')
    .option(
      '--no-automatic-replies',
      'do not read automatic replies (one request per mailbox fewer; verify then warns where a mailbox answers outside senders)',
    )
    .option('--pulumi-import <file>', "also write a Pulumi import file for the exported app's Entra objects (docs/adopt.md)")
    .addHelpText(
      'after',
      `\n${CONNECTION_HELP}\nExit codes: 0 exported, 2 bad usage (a --mailbox that matches nothing: nothing is written), 3 exported, but something could not be read (named in the file and here).\nExample: mbx export --out tenant.yaml --mailbox 'sales*@contoso.com'`,
    )
    .exitOverride()
    .action(async (options: { out?: string; mailbox?: string[]; automaticReplies?: boolean; pulumiImport?: string }) => {
      const { exportCommand } = await import('./commands/export.js');
      const { progressLine } = await import('./progress.js');
      // A progress line only where someone watches: stderr on a terminal.
      const progress = process.stderr.isTTY === true ? progressLine(io.stderr, undefined, 'mbx export') : undefined;
      const { result, written, pulumiImport } = await exportCommand({ ...options, ...(progress === undefined ? {} : { progress }) }, process.env);
      if (written === undefined) io.stdout(result.text);
      else io.stderr(`mbx: ${result.mailboxes} shared mailbox${result.mailboxes === 1 ? '' : 'es'} exported to ${written}\n`);
      for (const note of pulumiImport?.notes ?? []) io.stderr(`mbx: ${note}\n`);
      for (const entry of result.unreadable) io.stderr(`mbx: could not read ${entry.what}: ${entry.error}\n`);
      setExit(result.unreadable.length > 0 ? EXIT.ERRORS : EXIT.OK);
    });

  program
    .command('snapshot')
    .description("Read the tenant's shared mailboxes, their grants and the groups' members, and keep them as JSON with the time (what mbx diff compares).")
    .option('--out <file>', 'write the snapshot here (default: standard output)')
    .option(
      '--since <snapshot|date>',
      'also keep the Exchange admin audit log from then (an earlier snapshot file, or an ISO 8601 date): who made each change, for mbx diff',
    )
    .addHelpText(
      'after',
      `\n${CONNECTION_HELP}\nExit codes: 0 taken, 3 taken, but something could not be read.\nExample: mbx snapshot --out after.json --since before.json`,
    )
    .exitOverride()
    .action(async (options: { out?: string; since?: string }) => {
      const { snapshotCommand } = await import('./commands/snapshot.js');
      const { snapshot, text, written } = await snapshotCommand(options, process.env);
      if (written === undefined) io.stdout(text);
      else {
        const count = snapshot.tenant.sharedMailboxes.length;
        io.stderr(`mbx: snapshot of ${count} shared mailbox${count === 1 ? '' : 'es'} taken at ${snapshot.takenAt} written to ${written}\n`);
      }
      for (const entry of snapshot.unreadable) io.stderr(`mbx: could not read ${entry}\n`);
      if (snapshot.audit?.unreadable !== undefined) io.stderr(`mbx: who made each change will not be known: ${snapshot.audit.unreadable}\n`);
      setExit(snapshot.unreadable.length > 0 ? EXIT.ERRORS : EXIT.OK);
    });

  program
    .command('diff')
    .description('What changed between two snapshots, or a snapshot and the live tenant: who got or lost which right, group members, settings.')
    .argument('<before>', 'a snapshot mbx snapshot wrote')
    .argument('[after]', 'a later snapshot; the live tenant when left out')
    .addOption(new Option('--format <format>', 'text, json or markdown').choices(['text', 'json', 'markdown']).default('text'))
    .addHelpText(
      'after',
      `\n${CONNECTION_HELP}\nExit codes: 0 no changes, 1 changes, 2 bad usage or a file that is not a snapshot, 3 a snapshot that could not read everything.\nExample: mbx diff before.json --format markdown`,
    )
    .exitOverride()
    .action(async (before: string, after: string | undefined, options: { format: 'text' | 'json' | 'markdown' }) => {
      const { diffCommand } = await import('./commands/snapshot.js');
      const outcome = await diffCommand(before, after, options, process.env);
      io.stdout(outcome.output);
      for (const entry of outcome.incomplete) io.stderr(`mbx: a snapshot could not read ${entry}: the diff may miss changes there\n`);
      setExit(outcome.incomplete.length > 0 ? EXIT.ERRORS : outcome.changes.length > 0 ? EXIT.FINDINGS : EXIT.OK);
    });

  program
    .command('access')
    .description(
      'Every way into the shared mailboxes, declared or not: who can read, send as, send on behalf or receive their mail, and how (a grant, through groups, an app, a folder permission, an inbox rule, forwarding).',
    )
    .option('--snapshot <file>', 'read the ways in from a snapshot mbx snapshot wrote (default: the live tenant)')
    .option('--spec <file>', 'the live tenant against this spec: its mailboxes, each way in marked declared or not')
    .option('--mailbox <address...>', 'only these shared mailboxes, by primary address')
    .option('--user <address>', 'only the mailboxes this user reaches, directly or through any group (auto-mapped or not)')
    .option('--app <appId|name>', 'only what this app reaches')
    .addOption(new Option('--format <format>', 'text, json or markdown').choices(['text', 'json', 'markdown']).default('text'))
    .addHelpText(
      'after',
      `\n${CONNECTION_HELP}\nExit codes: 0 listed, 2 bad usage or a file that is not a snapshot or a spec, 3 listed, but something could not be read (the listing may miss ways in of its kind).\nExample: mbx access --user erika@contoso.com --format json`,
    )
    .exitOverride()
    .action(async (options: { snapshot?: string; spec?: string; mailbox?: string[]; user?: string; app?: string; format: 'text' | 'json' | 'markdown' }) => {
      const { accessCommand } = await import('./commands/access.js');
      const outcome = await accessCommand(
        {
          format: options.format,
          ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot }),
          ...(options.spec === undefined ? {} : { spec: options.spec }),
          ...(options.mailbox === undefined ? {} : { mailboxes: options.mailbox }),
          ...(options.user === undefined ? {} : { user: options.user }),
          ...(options.app === undefined ? {} : { app: options.app }),
        },
        process.env,
      );
      io.stdout(outcome.output);
      for (const entry of outcome.unread) io.stderr(`mbx: could not read ${entry}\n`);
      setExit(outcome.unread.length > 0 ? EXIT.ERRORS : EXIT.OK);
    });
}
