/**
 * Puts the upstream `x-request-id` on an answer as the `openai` SDK does:
 * a non-enumerable `_request_id` (`null` when unknown), so code written for the
 * SDK reads it the same way and it never reaches `JSON.stringify`.
 *
 * @param answer - a completion or an embeddings response.
 * @param requestId - the upstream `x-request-id`.
 */
export function withRequestId(answer: object, requestId: string | undefined): void {
  if (Object.prototype.hasOwnProperty.call(answer, '_request_id')) return;
  Object.defineProperty(answer, '_request_id', { value: requestId ?? null, enumerable: false });
}
