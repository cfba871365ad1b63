/**
 * The policy pack as Pulumi's policy host runs it (issue 20): policy/index.js, the bundle npm run
 * build makes, is require()d from the pack's own folder (as cmd/run-policy-pack does: CommonJS,
 * the working directory the pack), serves Pulumi's Analyzer gRPC service, names its policies, and
 * reports a violation for a resource that breaks one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const SDK = resolve('node_modules/@pulumi/pulumi');
const analyzerRpc = require(`${SDK}/proto/analyzer_grpc_pb.js`);
const analyzerProto = require(`${SDK}/proto/analyzer_pb.js`);
const { Struct } = require('google-protobuf/google/protobuf/struct_pb.js');
const { Empty } = require('google-protobuf/google/protobuf/empty_pb.js');
// The generated protobuf classes are untyped JavaScript.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Message = any;

let pack: ChildProcess;
let client: Message;
let stderr = '';

const call = <T>(method: string, request: Message): Promise<T> =>
  new Promise((done, fail) => client[method](request, (error: Error | null, response: T) => (error === null ? done(response) : fail(error))));

beforeAll(async () => {
  pack = spawn(process.execPath, ['-e', "require('./index.js')"], { cwd: resolve('policy'), stdio: ['ignore', 'pipe', 'pipe'] });
  pack.stderr?.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const port = await new Promise<number>((done, fail) => {
    pack.stdout?.once('data', (data: Buffer) => done(Number(data.toString('utf8').trim())));
    pack.on('exit', (code) => fail(new Error(`the pack exited with ${String(code)}: ${stderr}`)));
  });
  client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 60_000);
afterAll(() => {
  client?.close();
  pack?.kill();
});

describe('the policy pack as the policy host loads it', () => {
  it('serves the Analyzer service and names every mbx policy', async () => {
    const info = await call<Message>('getAnalyzerInfo', new Empty());
    expect(info.getName()).toBe('mbx');
    expect((info.getPoliciesList() as Message[]).map((policy) => policy.getName()).sort()).toEqual([
      'mbx-app-permissions-least-privilege',
      'mbx-auto-mapping-direct',
      'mbx-mail-permissions-scoped-by-rbac',
      'mbx-no-full-access-as-app',
      'mbx-secret-lifetime',
      'mbx-shared-mailbox-retained',
      'mbx-shared-mailbox-sign-in-blocked',
    ]);
  });

  it('reports a shared mailbox that would be removed with its mail, and passes one that is kept', async () => {
    const analyze = async (onDelete: string): Promise<string[]> => {
      const request = new analyzerProto.AnalyzeRequest();
      request.setType('pulumi-nodejs:dynamic/mbx:SharedMailbox');
      request.setName('scratch@contoso.com');
      request.setUrn('urn:pulumi:prod::mbx::pulumi-nodejs:dynamic/mbx:SharedMailbox::scratch@contoso.com');
      request.setProperties(Struct.fromJavaScript({ kind: 'shared-mailbox', address: 'scratch@contoso.com', signInBlocked: true, onDelete }));
      // The engine always sends the resource's options; the policy SDK refuses a request without them.
      request.setOptions(new analyzerProto.AnalyzerResourceOptions());
      const response = await call<Message>('analyze', request);
      return (response.getDiagnosticsList() as Message[]).map((diagnostic) => `${String(diagnostic.getPolicyname())}: ${String(diagnostic.getMessage())}`);
    };
    expect(await analyze('remove')).toEqual([
      expect.stringMatching(/^mbx-shared-mailbox-retained: [\s\S]*scratch@contoso\.com: onDelete: remove would delete/),
    ]);
    expect(await analyze('retain')).toEqual([]);
  });
});
