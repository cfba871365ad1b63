/**
 * A request Microsoft Graph or the Exchange admin API answered with an error, after retries: the
 * service, the HTTP status and the service's own code, so the verify ledger can say which source
 * failed and which permission it needs. Messages pass through the redacting MbxError.
 */
import { MbxError } from '../errors.js';

export type Service = 'graph' | 'exchange';

export class ServiceError extends MbxError {
  constructor(
    readonly service: Service,
    readonly status: number,
    readonly serviceCode: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(
      'SERVICE_REQUEST_FAILED',
      `${service === 'graph' ? 'Microsoft Graph' : 'Exchange admin API'} answered ${status} ${serviceCode}: ${message}`,
      { service, status, serviceCode },
      options,
    );
  }
}
