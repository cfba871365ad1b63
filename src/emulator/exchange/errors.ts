/**
 * Exchange's error envelope (fidelity 1.6): `{error:{code, message, details:[{code, target,
 * message: "<StringId>|<ExceptionType>|<text>"}], innererror}}` plus the `@adminapi.warnings`
 * annotation and the x-ExceptionType header the module reads. Cmdlet handlers throw CmdletError.
 */
import { json, type EmuResponse } from '../http/types.js';

/** Stands in for the back-end server name Exchange puts in its texts. */
export const DC_FQDN = 'EMULATOR01A001DC001.EMUPR01A001.PROD.OUTLOOK.COM';

export class CmdletError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'NotFound' | 'BadRequest' | 'Forbidden' | 'Conflict',
    readonly stringId: string,
    readonly exceptionType: string,
    message: string,
  ) {
    super(message);
  }
}

export const CMDLET_ERRORS = {
  notFound: (identity: string) =>
    new CmdletError(
      404,
      'NotFound',
      'Ex6F9304',
      'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException',
      `The operation couldn't be performed because object '${identity}' couldn't be found on '${DC_FQDN}'.`,
    ),
  unknownParameter: (name: string) =>
    new CmdletError(
      400,
      'BadRequest',
      'Ex9E0A3B',
      'System.Management.Automation.ParameterBindingException',
      `A parameter cannot be found that matches parameter name '${name}'.`,
    ),
  badValue: (parameter: string, detail: string) =>
    new CmdletError(400, 'BadRequest', 'ExB7E2F0', 'System.Management.Automation.ParameterBindingException', `Cannot bind parameter '${parameter}'. ${detail}`),
  missingParameter: (cmdlet: string, name: string) =>
    new CmdletError(
      400,
      'BadRequest',
      'ExC4A1D2',
      'System.Management.Automation.ParameterBindingException',
      `${cmdlet}: the mandatory parameter '${name}' is missing.`,
    ),
  proxyInUse: (address: string) =>
    new CmdletError(
      400,
      'BadRequest',
      'Ex5E8C1B',
      'Microsoft.Exchange.Data.DataValidationException',
      `The proxy address "SMTP:${address}" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.`,
    ),
  invalidOperation: (message: string) =>
    new CmdletError(400, 'BadRequest', 'Ex2C0E4A', 'Microsoft.Exchange.Configuration.Tasks.TaskInvalidOperationException', message),
  duplicate: (message: string) => new CmdletError(400, 'BadRequest', 'Ex8B1F6D', 'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException', message),
} as const;

export function cmdletErrorResponse(error: CmdletError, requestId: string): EmuResponse {
  return json(
    error.status,
    {
      error: {
        code: error.code,
        message: 'Error executing cmdlet',
        details: [{ code: 'Client', target: '', message: `${error.stringId}|${error.exceptionType}|${error.message}` }],
        innererror: {
          message: 'Error executing cmdlet',
          type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException',
          stacktrace: '',
          internalexception: { message: error.message, type: 'Microsoft.Exchange.Management.PSDirectInvoke.DirectInvokeCmdletExecutionException' },
        },
      },
      'adminapi.warnings@odata.type': '#Collection(String)',
      '@adminapi.warnings': [],
    },
    { 'x-exceptiontype': error.exceptionType.split('.').pop() ?? error.exceptionType, 'request-id': requestId, 'x-calculatedbetarget': DC_FQDN },
  );
}
