/** Bounds on the size of a chat request, checked before anything is sent. */
export interface ValidationLimits {
  /**
   * Most messages in one request (the API's own limit).
   * @default 2048
   */
  maxMessages?: number | undefined;
  /**
   * Most characters of text in one message (all of its text parts together).
   * @default 1048576
   */
  maxMessageLength?: number | undefined;
  /**
   * Most characters of text in the whole request.
   * @default 4194304
   */
  maxTotalLength?: number | undefined;
}

/** The defaults of {@link ValidationLimits}. */
export const DEFAULT_VALIDATION_LIMITS: Required<{
  [K in keyof ValidationLimits]: number;
}> = Object.freeze({
  maxMessages: 2048,
  maxMessageLength: 1_048_576,
  maxTotalLength: 4_194_304,
});
