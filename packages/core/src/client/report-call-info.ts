import type { Logger } from '../logging/logger.js';
import type { CallInfo } from './call-info.js';

/**
 * Hands a call's facts to the caller's `onCallInfo`. A listener that throws
 * is logged and ignored: the call itself has succeeded.
 *
 * @param listener - the caller's `onCallInfo`, if any.
 * @param info - the facts.
 * @param logger - where a throwing listener is reported.
 */
export function reportCallInfo(
  listener: ((info: CallInfo) => void) | undefined,
  info: CallInfo,
  logger: Logger,
): void {
  if (listener === undefined) return;
  try {
    listener(info);
  } catch (error) {
    logger.warn(
      { error: error instanceof Error ? error.name : typeof error },
      'An onCallInfo listener threw',
    );
  }
}
