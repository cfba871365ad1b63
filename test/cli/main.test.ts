import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CONTOSO_PATH, ROOT } from '../helpers/spec.js';

async function mbx(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('mbx validate', () => {
  it('exits 0 for a valid spec and says so', async () => {
    const { code, stdout } = await mbx('validate', CONTOSO_PATH);
    expect(code).toBe(0);
    expect(stdout).toBe(`${CONTOSO_PATH}: valid, 4 shared mailboxes\n`);
  });

  it('exits 0 for a spec with warnings, printing each as file:line:col', async () => {
    const file = `${ROOT}examples/warnings/secret-lifetime.yaml`;
    const { code, stdout } = await mbx('validate', file);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      `${file}:13:19  warning  the app secret would live 730 days; keep secrets to 365 days or less, or use kind: certificate  (/app/credential/lifetimeDays)  [SPEC_SECRET_LIFETIME]`,
    );
  });

  it('exits 1 for an invalid spec, with JSON rows on request', async () => {
    const file = `${ROOT}examples/invalid/duplicate-mailbox.yaml`;
    const { code, stdout } = await mbx('validate', file, '--format', 'json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual([
      {
        severity: 'error',
        file,
        line: 11,
        column: 14,
        pointer: '/sharedMailboxes/1/address',
        code: 'SPEC_DUPLICATE_MAILBOX',
        message: 'shared mailbox info@contoso.com is declared twice (first at /sharedMailboxes/0); merge the two entries into one',
      },
    ]);
  });

  it('exits 2 for a file that cannot be read, naming it', async () => {
    const { code, stderr } = await mbx('validate', `${ROOT}examples/nope.yaml`);
    expect(code).toBe(2);
    expect(stderr).toBe(`mbx: cannot read ${ROOT}examples/nope.yaml (ENOENT); check the path and its permissions [FILE_UNREADABLE]\n`);
  });

  it('exits 2 for bad usage: a missing argument, an unknown option, an unknown format', async () => {
    expect((await mbx('validate')).code).toBe(2);
    expect((await mbx('validate', CONTOSO_PATH, '--colour')).code).toBe(2);
    const badFormat = await mbx('validate', CONTOSO_PATH, '--format', 'xml');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json.");
    expect((await mbx('frobnicate')).code).toBe(2);
  });
});

describe('mbx', () => {
  it('prints its version and help with exit 0', async () => {
    expect(await mbx('--version')).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = await mbx('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('validate [options] <spec>');
    const validateHelp = await mbx('validate', '--help');
    expect(validateHelp.stdout).toContain('Exit codes: 0 valid (warnings are printed), 1 invalid, 2 bad usage or unreadable file.');
    // Every command's help says its exit codes (issue 30).
    for (const command of [['verify'], ['probe'], ['apply'], ['export'], ['snapshot'], ['diff'], ['demo'], ['report', 'merge'], ['emulator'], ['completion']])
      expect((await mbx(...command, '--help')).stdout, command.join(' ')).toContain('Exit codes: 0 ');
  });

  it('runs as the installed binary, with the exit code as the process status', async () => {
    const run = promisify(execFile);
    const ok = await run('node', [`${ROOT}bin/mbx.js`, 'validate', CONTOSO_PATH]);
    expect(ok.stdout).toContain('valid, 4 shared mailboxes');
    await expect(run('node', [`${ROOT}bin/mbx.js`, 'validate', `${ROOT}examples/invalid/client-user.yaml`])).rejects.toMatchObject({ code: 1 });
  });
});

describe('mbx verify', () => {
  it('exits 2 for an invalid spec before any request, printing the diagnostics', async () => {
    const file = `${ROOT}examples/invalid/duplicate-mailbox.yaml`;
    // No credentials and no endpoints in the environment: reaching for the tenant would fail differently.
    const { code, stdout, stderr } = await mbx('verify', file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('[SPEC_DUPLICATE_MAILBOX]');
  });

  it('exits 2 with CREDENTIALS_MISSING when no credential is configured', async () => {
    const saved = { tenant: process.env.AZURE_TENANT_ID, client: process.env.AZURE_CLIENT_ID };
    delete process.env.AZURE_TENANT_ID;
    delete process.env.AZURE_CLIENT_ID;
    try {
      const { code, stderr } = await mbx('verify', CONTOSO_PATH);
      expect(code).toBe(2);
      expect(stderr).toContain('set AZURE_TENANT_ID and AZURE_CLIENT_ID');
      expect(stderr).toContain('[CREDENTIALS_MISSING]');
    } finally {
      if (saved.tenant !== undefined) process.env.AZURE_TENANT_ID = saved.tenant;
      if (saved.client !== undefined) process.env.AZURE_CLIENT_ID = saved.client;
    }
  });

  it('refuses an unknown format and several formats without --out-dir', async () => {
    expect((await mbx('verify', CONTOSO_PATH, '--format', 'pdf')).stderr).toContain(
      "--format takes a comma list of text, json, junit, sarif, markdown, html, csv; 'pdf' is not one",
    );
    expect((await mbx('verify', CONTOSO_PATH, '--format', 'pdf')).code).toBe(2);
    const several = await mbx('verify', CONTOSO_PATH, '--format', 'json,sarif');
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('several formats need --out-dir');
  });

  it('runs mbx probe as verify does, and refuses a --settle that is not a duration', async () => {
    const help = await mbx('probe', '--help');
    expect(help.stdout).toContain('--mailbox <addresses>');
    expect(help.stdout).toContain('MBX_PROBE_CREDENTIALS');
    const bad = await mbx('probe', CONTOSO_PATH, '--settle', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--settle takes a duration up to 24h such as 90s, 30m or 2h; 'soon' is not one");
  });
});
