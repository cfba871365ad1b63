/**
 * The pipeline files (issue 22): the GitHub Action (action.yml) and the example workflow are valid
 * by GitHub's schemas (@action-validator/core, which checks an action or workflow against
 * SchemaStore's schemas); the Azure Pipelines template and example parse, and every parameter the
 * template uses is declared; every YAML block in the docs parses, and a block that names a file
 * under ci/ (its first line, `# ci/...`) is that file word for word. The Action's step script then
 * runs as a GitHub job would, against the emulator: signed in through the emulator's GitHub OIDC
 * issuer (no secret), the reports written, the step summary appended, the outputs set.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validateAction, validateWorkflow, type ValidationError } from '@action-validator/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { FILE_NAMES } from '../../src/verify/render/index.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { TenantAdmin } from '../helpers/tenant.js';

const run = promisify(execFile);
const read = (path: string): string => readFileSync(path, 'utf8');
const DOCS = ['README.md', ...readdirSync('docs').map((name) => `docs/${name}`)].filter((path) => path.endsWith('.md'));

/** Each error as `path: detail`, the nested oneOf alternatives flattened. */
function problems(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((error) => {
    const states = 'states' in error ? (error.states ?? []) : [];
    const here = `${'path' in error ? error.path : ''}: ${error.title}${error.detail === undefined ? '' : ` (${error.detail})`}`;
    return states.length > 0 ? [here, ...states.flatMap((state) => problems(state.errors))] : [here];
  });
}

const yamlBlocks = (text: string): string[] => [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe('the GitHub Action and workflow', () => {
  it("action.yml is a valid composite action by GitHub's schema, and its steps use only inputs it declares", () => {
    const text = read('action.yml');
    expect(problems(validateAction(text).errors)).toEqual([]);
    const action = parse(text) as { inputs: Record<string, unknown>; runs: { using: string } };
    expect(action.runs.using).toBe('composite');
    const used = [...text.matchAll(/inputs\.([\w-]+)/g)].map((match) => match[1]);
    expect(used.filter((name) => !(name !== undefined && name in action.inputs))).toEqual([]);
  });

  it('pins every third-party action by commit SHA, the release named beside it, as Maester does', () => {
    const uses = ['action.yml', 'ci/examples/github-workflow.yml', 'docs/ci.md'].flatMap((file) =>
      [...read(file).matchAll(/uses: ([\w./-]+)@(\S+)(.*)$/gm)].map(([, action, ref, rest]) => ({ file, action, ref, rest: rest?.trim() })),
    );
    const others = uses.filter((use) => !use.action?.startsWith('mailbox-as-code/'));
    expect(others.length).toBeGreaterThan(5);
    for (const use of others) expect(use).toEqual({ ...use, ref: expect.stringMatching(/^[0-9a-f]{40}$/), rest: expect.stringMatching(/^# v\d+\.\d+\.\d+$/) });
  });

  it("the example workflow is valid by GitHub's schema", () => {
    expect(problems(validateWorkflow(read('ci/examples/github-workflow.yml')).errors)).toEqual([]);
  });

  it('the validator is not a rubber stamp: the old docs workflow (an expression inside a flow mapping) is refused', () => {
    const broken =
      'on: push\njobs:\n  v:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/upload-sarif@v3\n        with: { sarif_file: out/x.sarif, category: mbx-shard-${{ matrix.shard }} }\n';
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
    expect(validateWorkflow('on: push\njobs:\n  v:\n    runs-on: ubuntu-latest\n    stepz: []\n').errors.length).toBeGreaterThan(0);
  });
});

describe('the Azure Pipelines template', () => {
  it('parses, declares every parameter it uses, publishes JUnit and SARIF and shows the Markdown summary', () => {
    const text = read('ci/azure-pipelines/mbx-verify.yml');
    const template = parse(text) as { parameters: { name: string }[]; steps: { task?: string; inputs?: Record<string, string> }[] };
    const declared = new Set(template.parameters.map((parameter) => parameter.name));
    const used = [...new Set([...text.matchAll(/\$\{\{\s*parameters\.(\w+)\s*\}\}/g)].map((match) => match[1] as string))];
    expect(used.filter((name) => !declared.has(name))).toEqual([]);
    const tasks = template.steps.map((step) => step.task).filter((task) => task !== undefined);
    expect(tasks).toEqual(expect.arrayContaining(['PublishTestResults@2', 'PublishBuildArtifacts@1']));
    const junit = template.steps.find((step) => step.task === 'PublishTestResults@2');
    expect(junit?.inputs?.testResultsFormat).toBe('JUnit');
    expect(junit?.inputs?.testResultsFiles).toMatch(/mbx-report\.junit\.xml$/);
    // The SARIF SAST Scans Tab extension reads the CodeAnalysisLogs artifact.
    expect(template.steps.find((step) => step.task === 'PublishBuildArtifacts@1')?.inputs).toMatchObject({ ArtifactName: 'CodeAnalysisLogs' });
    // The Markdown report on the run's summary, through the logging command Azure Pipelines reads (issue 30).
    const scripts = template.steps.map((step) => (step as { script?: string }).script ?? '');
    expect(scripts).toContain('echo "##vso[task.uploadsummary]${{ parameters.outDir }}/mbx-report.md"');
    const example = parse(read('ci/examples/azure-pipelines.yml')) as { steps: { template?: string; parameters?: Record<string, unknown> }[] };
    const use = example.steps.find((step) => step.template !== undefined);
    expect(use?.template).toBe('ci/azure-pipelines/mbx-verify.yml@mbx');
    expect(Object.keys(use?.parameters ?? {}).filter((name) => !declared.has(name))).toEqual([]);
  });
});

describe("the docs' YAML", () => {
  for (const page of DOCS) {
    it(`${page}: every YAML block parses, a workflow block is valid, and a block naming a ci/ file is that file`, () => {
      for (const block of yamlBlocks(read(page))) {
        const document = parseDocument(block, { strict: true });
        expect(document.errors.map((error) => error.message)).toEqual([]);
        const named = /^# (ci\/\S+\.ya?ml)\n/.exec(block)?.[1];
        if (named !== undefined) expect(block.slice(block.indexOf('\n') + 1)).toBe(read(named));
        const data = document.toJS() as unknown;
        if (data !== null && typeof data === 'object' && !Array.isArray(data) && 'jobs' in data && 'on' in data)
          expect(problems(validateWorkflow(block).errors)).toEqual([]);
        if (Array.isArray(data) && data.every((step) => typeof step === 'object' && step !== null && ('run' in step || 'uses' in step))) {
          // A workflow's steps shown alone: valid as the steps of a job.
          const workflow = `on: push\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n${block.replace(/^(?=.)/gm, '      ')}`;
          expect(problems(validateWorkflow(workflow).errors)).toEqual([]);
        }
      }
    });
  }
});

describe("the Action's step, as a GitHub job runs it", () => {
  let emulator: TestEmulator;
  let dir: string;
  let github: { requestUrl: string; requestToken: string; issuer: string; subject: string };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    dir = mkdtempSync(join(tmpdir(), 'mbx-action-'));
    github = ((await (await emulator.control('GET', 'ci')).json()) as { github: typeof github }).github;
    const admin = new TenantAdmin(emulator);
    const trusted = await admin.graph('POST', `applications(appId='${emulator.env.AZURE_CLIENT_ID}')/federatedIdentityCredentials`, {
      name: 'github-main',
      issuer: github.issuer,
      subject: github.subject,
      audiences: ['api://AzureADTokenExchange'],
    });
    expect(trusted.status).toBe(201);
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The step's environment as action.yml sets it, with GitHub's own variables; no client secret. */
  const job = (inputs: Record<string, string>) => {
    const env = Object.fromEntries(Object.entries(emulator.env).filter(([name]) => name !== 'AZURE_CLIENT_SECRET'));
    const output = join(dir, `output-${Object.values(inputs).join('-').replace(/\W+/g, '_')}`);
    const summary = `${output}-summary.md`;
    writeFileSync(output, '');
    writeFileSync(summary, '');
    return {
      output,
      summary,
      env: {
        ...process.env,
        ...env,
        MBX_HOME: process.cwd(),
        ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_ACTION_REPOSITORY: 'mailbox-as-code/mbx',
        GITHUB_ACTION_REF: 'v1',
        NO_COLOR: '1',
        ...inputs,
      },
    };
  };
  const outputs = (file: string): Record<string, string> =>
    Object.fromEntries(
      read(file)
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );

  it('signs in with the OIDC token alone, writes every report, appends the summary with https doc links, and sets the outputs', async () => {
    const out = join(dir, 'reports');
    const step = job({ INPUT_SPEC: 'examples/contoso.yaml', INPUT_COMMAND: 'verify', INPUT_FAIL_ON: 'high', INPUT_ARGS: '--no-probes', INPUT_OUT_DIR: out });
    const result = await run('bash', ['ci/github/run.sh'], { env: step.env, timeout: 120_000 });
    expect(result.stdout).toContain('mbx verify examples/contoso.yaml against');
    // The tenant holds none of contoso's mailboxes: findings, exit 1.
    const json = JSON.parse(read(join(out, 'mbx-report.json'))) as { summary: Record<string, number> };
    expect(outputs(step.output)).toEqual({
      'exit-code': '1',
      verdict: 'findings',
      'report-dir': out,
      // The counts and the reports' paths, for the steps after it (issue 30).
      ...Object.fromEntries(['fail', 'error', 'pending', 'warn', 'waived', 'pass', 'skip'].map((status) => [status, String(json.summary[status])])),
      'report-json': join(out, 'mbx-report.json'),
      'report-junit': join(out, 'mbx-report.junit.xml'),
      'report-sarif': join(out, 'mbx-report.sarif'),
      'report-md': join(out, 'mbx-report.md'),
      'report-html': join(out, 'mbx-report.html'),
      'report-txt': join(out, 'mbx-report.txt'),
      'report-csv': join(out, 'mbx-actions.csv'),
    });
    expect(Number(outputs(step.output).fail)).toBeGreaterThan(0);
    // Each output the step sets is one action.yml declares, so a workflow can read it.
    const declared = Object.keys((parse(read('action.yml')) as { outputs: Record<string, unknown> }).outputs);
    expect(Object.keys(outputs(step.output)).filter((name) => !declared.includes(name))).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(Object.values(FILE_NAMES).sort());
    const summary = read(step.summary);
    expect(summary).toMatch(/^## ❌ Does not match the spec: /);
    expect(summary).toContain('](https://github.com/mailbox-as-code/mbx/blob/v1/checks/existence/MBX.EXIST.1.md)');
    const sarif = JSON.parse(read(join(out, 'mbx-report.sarif'))) as { runs: { tool: { driver: { rules: { helpUri: string }[] } } }[] };
    expect(sarif.runs[0]?.tool.driver.rules.every((rule) => rule.helpUri.startsWith('https://github.com/mailbox-as-code/mbx/blob/v1/checks/'))).toBe(true);
  });

  it('a usage error: exit 2 as an output, and a summary that says no report was written', async () => {
    const step = job({
      INPUT_SPEC: 'examples/contoso.yaml',
      INPUT_COMMAND: 'verify',
      INPUT_FAIL_ON: 'severe',
      INPUT_ARGS: '',
      INPUT_OUT_DIR: join(dir, 'none'),
    });
    await run('bash', ['ci/github/run.sh'], { env: step.env, timeout: 120_000 });
    expect(outputs(step.output)).toMatchObject({ 'exit-code': '2', verdict: 'usage' });
    expect(read(step.summary)).toContain('## ⚠️ mbx verify wrote no report');
  });
});
