import type { ServerResponse } from 'node:http';
import type { KeyStore } from '../keys/key-store.js';
import { toKeyReport } from '../keys/key-report.js';
import { GatewayHttpError } from './gateway-http-error.js';
import { storeFailure } from './key-refusals.js';
import type { RequestContext } from './request-context.js';
import { sendAnswer } from './send-answer.js';

/**
 * `GET /v1/bulwark/key`: the calling key's limits, spend and remaining
 * budget (`toKeyReport`), read from the store on this request. A caller
 * that presented no store key (one of `BULWARK_API_KEYS`, or no key on an
 * open gateway) gets a 404 `unmanaged_key`: such a key has no limits and no
 * spend of its own to report.
 *
 * @param store - the key store, if any.
 * @param response - the response.
 * @param context - the request's context, with the caller's key record.
 */
export async function serveKeyReport(
  store: KeyStore | undefined,
  response: ServerResponse,
  context: RequestContext,
): Promise<void> {
  const key = context.key;
  if (store === undefined || key === undefined) {
    throw new GatewayHttpError({
      status: 404,
      code: 'unmanaged_key',
      message:
        'This request was not made with a key of the key store (bulwark keys create): a key of BULWARK_API_KEYS, or none, has no limits or spend to report',
    });
  }
  let usage;
  try {
    usage = await store.usage(key.name);
  } catch (error) {
    throw storeFailure(error);
  }
  sendAnswer(response, context, 200, JSON.stringify(toKeyReport(key, usage)));
}
