import type { FaultSpec } from '../core/types.js';
import { forbidden, notFound, RATE_LIMIT_BODY, success, type ApiResult } from './http-io.js';

const GATEWAY_PAGE = (code: number, text: string): string =>
  `<html>\r\n<head><title>${code} ${text}</title></head>\r\n<body>\r\n<center><h1>${code} ${text}</h1></center>\r\n</body>\r\n</html>\r\n`;

/** The canned answer of a fault that replaces the response; undefined for slow/truncated/reset/short-page. */
export function faultResult(fault: FaultSpec): ApiResult | undefined {
  switch (fault.kind) {
    case '429':
      return {
        status: 429,
        body: RATE_LIMIT_BODY,
        ...(fault.retryAfterSeconds === undefined
          ? {}
          : { headers: { 'retry-after': String(fault.retryAfterSeconds) } }),
      };
    case '500':
      return { status: 500, body: { status: 'fail', message: 'Internal Server Error' } };
    case '502':
      return { status: 502, body: GATEWAY_PAGE(502, 'Bad Gateway') };
    case '503':
      return { status: 503, body: GATEWAY_PAGE(503, 'Service Temporarily Unavailable') };
    case '403':
      return forbidden();
    case 'non-json':
      return {
        status: 200,
        body: '<!DOCTYPE html><html><head><title>Hostaway</title></head><body>Maintenance</body></html>',
      };
    case 'body':
      return {
        status: fault.status ?? 200,
        body: fault.body ?? '',
        headers: { 'content-type': fault.contentType ?? 'application/json' },
      };
    case 'status':
      return fault.status === 404
        ? notFound()
        : { status: fault.status ?? 500, body: { status: 'fail', message: `HTTP ${fault.status}` } };
    case 'empty':
      return success([]);
    default:
      return undefined;
  }
}
