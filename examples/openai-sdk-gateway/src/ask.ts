import OpenAI from 'openai';

/**
 * Plain `openai` SDK code, unaware of Bulwark except for its `baseURL`: the
 * gateway answers exactly like OpenAI, streams included.
 *
 * @param options - the gateway's base URL, a caller key and the question.
 * @returns the whole answer and the answer assembled from a stream.
 */
export async function ask(options: { baseURL: string; apiKey: string; question: string }) {
  const openai = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey });
  const messages = [{ role: 'user' as const, content: options.question }];

  const completion = await openai.chat.completions.create({
    model: 'gpt-4-1106-preview',
    messages,
    temperature: 0,
  });

  let streamed = '';
  const stream = await openai.chat.completions.create({
    model: 'gpt-4-1106-preview',
    messages,
    stream: true,
  });
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';

  return {
    answer: completion.choices[0]?.message.content ?? '',
    streamed,
    usage: completion.usage,
  };
}
