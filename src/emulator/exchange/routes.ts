/**
 * POST /adminapi/beta/{tenant}/InvokeCommand, the endpoint ExchangeOnlineManagement v3 calls
 * (fidelity 1.1 to 1.6): `{"CmdletInput":{"CmdletName","Parameters"}}` in, the OData envelope
 * out, pages of at most `Prefer: odata.maxpagesize` (default and maximum 1000) linked by
 * @odata.nextLink, to which the client POSTs the same body. ResultSize caps the total (default
 * 1000) with Exchange's warning when more exist: fidelity 7.1 leaves open whether the server
 * enforces it; the emulator does, as the cmdlet documents. Only `beta` answers InvokeCommand;
 * `v1.0` is 405 (fidelity 7.4, community measurement). The documented Admin API v2.0 takes the
 * same body at one endpoint per area (V2_ENDPOINTS below) with Exchange.ManageAsAppV2.
 * `$batch` carries up to 10 InvokeCommand requests (batch.ts).
 */
import { tenantFor, type EmulatorContext } from '../context.js';
import { isRecord, json, readJson, route, type EmuRequest, type EmuResponse, type Route } from '../http/types.js';
import { authorizeExchange } from './auth.js';
import { rowJson, rowObject, type Row } from './cmdlet.js';
import { auditAdminChange } from './audit.js';
import { exchangeBatch } from './batch.js';
import { findCmdlet } from './cmdlets/index.js';
import { CmdletError, cmdletErrorResponse, CMDLET_ERRORS } from './errors.js';
import { bindParams } from './params.js';
import { withSkipToken } from '../http/paging.js';

const MAX_PAGE = 1000;
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');
const TRUNCATED = 'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.';

function pageSize(prefer: string | undefined): number {
  const match = /odata\.maxpagesize=(\d+)/i.exec(prefer ?? '');
  const size = match === null ? MAX_PAGE : Number(match[1]);
  return Math.max(1, Math.min(MAX_PAGE, size));
}

function odataHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    'odata-version': '4.0',
    'rate-limit-limit': '30000',
    'rate-limit-remaining': '29999',
  };
}

function select(object: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (fields === null) return object;
  const wanted = new Set(fields.split(',').map((field) => field.trim().toLowerCase()));
  return Object.fromEntries(Object.entries(object).filter(([key]) => wanted.has(key.split('@')[0]?.toLowerCase() ?? '')));
}

/**
 * The Exchange Online Admin API v2.0 (preview since 2025-11; learn.microsoft.com/exchange/reference/
 * admin-api-endpoints-reference): one POST endpoint per area, each taking a few cmdlets in the
 * same CmdletInput body, and of Set-Mailbox only GrantSendOnBehalfTo (admin-api-endpoints-mailbox).
 * DynamicDistributionGroupMember is listed, and its cmdlet answers 501 as not emulated.
 */
const V2_ENDPOINTS: Readonly<Record<string, Readonly<Record<string, readonly string[] | 'all'>>>> = {
  organizationconfig: { 'get-organizationconfig': 'all' },
  accepteddomain: { 'get-accepteddomain': 'all' },
  mailbox: { 'get-mailbox': ['Identity', 'ResultSize'], 'set-mailbox': ['Identity', 'GrantSendOnBehalfTo'] },
  mailboxfolderpermission: {
    'get-mailboxfolderpermission': 'all',
    'add-mailboxfolderpermission': 'all',
    'set-mailboxfolderpermission': 'all',
    'remove-mailboxfolderpermission': 'all',
  },
  distributiongroupmember: { 'get-distributiongroupmember': 'all' },
  dynamicdistributiongroupmember: { 'get-dynamicdistributiongroupmember': 'all' },
};

/** The cmdlet's parameters a v2.0 endpoint refuses, as PowerShell refuses an unknown one; undefined where it takes the cmdlet whole. */
function v2Refusal(endpoint: string, cmdletName: string, parameters: unknown): CmdletError | undefined {
  const allowed = V2_ENDPOINTS[endpoint.toLowerCase()]?.[cmdletName.toLowerCase()];
  if (allowed === undefined)
    return CMDLET_ERRORS.invalidOperation(
      `The cmdlet '${cmdletName}' isn't available on the Admin API endpoint '${endpoint}'. See admin-api-endpoints-reference.`,
    );
  if (allowed === 'all' || !isRecord(parameters)) return undefined;
  const extra = Object.keys(parameters).find((name) => !allowed.some((known) => known.toLowerCase() === name.toLowerCase()));
  return extra === undefined ? undefined : CMDLET_ERRORS.unknownParameter(extra);
}

async function invokeCommand(request: EmuRequest, context: EmulatorContext): Promise<EmuResponse> {
  const segment = request.params.tenant as string;
  const tenant = tenantFor(context, segment);
  if (tenant === undefined) return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
  const endpoint = request.params.endpoint;
  const version = endpoint === undefined ? 'beta' : 'v2.0';
  if (endpoint !== undefined && V2_ENDPOINTS[endpoint.toLowerCase()] === undefined)
    return json(404, { error: { code: 'NotFound', message: `The Admin API has no endpoint '${endpoint}'.`, details: [] } });
  const auth = await authorizeExchange(request, context, tenant, version);
  if (!auth.ok) return auth.response;

  const body = readJson(request);
  const input = isRecord(body) && isRecord(body.CmdletInput) ? body.CmdletInput : undefined;
  if (input === undefined || typeof input.CmdletName !== 'string') {
    return cmdletErrorResponse(
      CMDLET_ERRORS.badValue('CmdletInput', 'The body must be {"CmdletInput":{"CmdletName":"<name>","Parameters":{...}}}.'),
      request.requestId,
    );
  }
  const refusal = endpoint === undefined ? undefined : v2Refusal(endpoint, input.CmdletName, input.Parameters);
  if (refusal !== undefined) return cmdletErrorResponse(refusal, request.requestId);
  const cmdlet = findCmdlet(input.CmdletName);
  if (cmdlet === undefined) {
    return json(501, {
      error: {
        code: 'NotImplemented',
        message: `mbx emulator: the cmdlet '${input.CmdletName}' is not emulated. docs/emulator.md lists the ones that are.`,
        details: [],
      },
    });
  }
  try {
    const params = bindParams(cmdlet.name, cmdlet.parameters, cmdlet.required ?? [], input.Parameters);
    const now = context.now();
    const result = cmdlet.run(params, { context, tenant, now });
    auditAdminChange(tenant, auth.claims, cmdlet.name, input.Parameters, now);
    const warnings = [...(result.warnings ?? [])];
    let value: Row[];
    let nextLink: string | undefined;
    if (cmdlet.pages === true) {
      let total = result.value.length;
      const limit = params.resultSize();
      if (total > limit) {
        total = limit;
        warnings.push(TRUNCATED);
      }
      const offset = Number(Buffer.from(request.url.searchParams.get('$skiptoken') ?? '', 'base64url').toString() || '0');
      const end = Math.min(offset + pageSize(String(request.headers.prefer ?? '')), total);
      value = result.value.slice(offset, end);
      if (end < total) nextLink = withSkipToken(request.url, context.baseUrl, end);
    } else {
      value = result.value.slice();
    }
    const envelope = {
      '@odata.context': `${context.baseUrl}/adminapi/${version}/${segment}/$metadata#Collection(Exchange.GenericHashTable)`,
      'adminapi.warnings@odata.type': '#Collection(String)',
      '@adminapi.warnings': warnings,
      ...(nextLink === undefined ? {} : { '@odata.nextLink': nextLink }),
    };
    const selected = request.url.searchParams.get('$select');
    if (selected !== null) return json(200, { ...envelope, value: value.map((row) => select(rowObject(row), selected)) }, odataHeaders());
    // The same JSON as json() would write, joined from the rows' own (often cached) JSON.
    const parts: Buffer[] = [Buffer.from(`${JSON.stringify(envelope).slice(0, -1)},"value":[`)];
    value.forEach((row, index) => parts.push(...(index === 0 ? [] : [COMMA]), rowJson(row)));
    parts.push(CLOSE);
    return { status: 200, headers: odataHeaders(), body: Buffer.concat(parts) };
  } catch (error) {
    if (error instanceof CmdletError) return cmdletErrorResponse(error, request.requestId);
    throw error;
  }
}

export const EXCHANGE_ROUTES: readonly Route[] = [
  route('exchange', 'POST', /^\/adminapi\/beta\/(?<tenant>[^/]+)\/\$batch$/i, '$batch', (request, context) => exchangeBatch(request, context, invokeCommand)),
  {
    ...route('exchange', 'POST', /^\/adminapi\/beta\/(?<tenant>[^/]+)\/InvokeCommand$/i, 'InvokeCommand', invokeCommand),
    // Fault rules and counters name the cmdlet, not the endpoint they all share.
    operationOf: (body) => /"CmdletName"\s*:\s*"([^"]+)"/.exec(body.toString('utf8'))?.[1] ?? 'InvokeCommand',
  },
  route('exchange', 'POST', /^\/adminapi\/v1\.0\/(?<tenant>[^/]+)\/InvokeCommand$/i, 'InvokeCommand.v1', () => ({ status: 405 })),
  {
    ...route('exchange', 'POST', /^\/adminapi\/v2\.0\/(?<tenant>[^/]+)\/(?<endpoint>[A-Za-z]+)$/i, 'AdminApi.v2', invokeCommand),
    operationOf: (body) => /"CmdletName"\s*:\s*"([^"]+)"/.exec(body.toString('utf8'))?.[1] ?? 'AdminApi.v2',
  },
];
