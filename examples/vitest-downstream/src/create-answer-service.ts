import type { BulwarkClient } from '@bulwark/core';

/** A downstream service: answers customer questions through a Bulwark client. */
export interface AnswerService {
  /** The model's answer to one question, trimmed. */
  answer(question: string): Promise<string>;
  /** The answer as it streams in, piece by piece. */
  streamAnswer(question: string): AsyncIterable<string>;
}

const SYSTEM = 'You answer questions about our shop in one or two sentences.';

/**
 * Builds the service on a client. Tests pass a client on the mock's `fetch`;
 * production passes `createClient(loadConfig())`.
 *
 * @param client - a `@bulwark/core` client.
 * @returns the service.
 */
export function createAnswerService(client: BulwarkClient): AnswerService {
  return {
    async answer(question) {
      const completion = await client.chat.completions.create({
        temperature: 0,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: question },
        ],
      });
      return (completion.choices[0]?.message.content ?? '').trim();
    },
    async *streamAnswer(question) {
      const stream = await client.chat.completions.create({
        stream: true,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: question },
        ],
      });
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta.content;
        if (piece) yield piece;
      }
    },
  };
}
