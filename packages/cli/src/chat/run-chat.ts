import { createClient, type BulwarkClient, type ChatRequest } from '@bulwark/core';
import type { CliContext } from '../cli-context.js';
import { loadCliConfig } from '../config/load-cli-config.js';
import { createSpinner } from '../io/create-spinner.js';
import { useColor } from '../io/use-color.js';
import { writeText } from '../io/write-text.js';
import { resolvePrompt } from './resolve-prompt.js';

/** Flags of `bulwark chat`. */
export interface ChatOptions {
  /** Model; else `BULWARK_MODEL`, else core's default. */
  model?: string | undefined;
  /** A system message sent before the prompt. */
  system?: string | undefined;
  /** Sampling temperature (0–2). */
  temperature?: number | undefined;
  /** Upper bound of completion tokens (`max_tokens`). */
  maxTokens?: number | undefined;
  /** Print the whole `ChatCompletion` as one line of JSON instead of its text (implies no stream). */
  json: boolean;
  /** Stream tokens as they arrive (`--no-stream` turns it off). */
  stream: boolean;
  /** Upstream base URL; else `OPENAI_BASE_URL`. */
  baseUrl?: string | undefined;
}

/**
 * Runs `bulwark chat`: sends the prompt (argument or stdin) through the core
 * client and writes the answer to stdout, streamed token by token unless
 * `--no-stream` or `--json`. A spinner runs on stderr until the first token
 * when stderr is a terminal.
 *
 * @param prompt - the positional prompt, if any.
 * @param options - the flags.
 * @param context - streams, environment and interrupt signal.
 * @throws the core client's errors (mapped to exit codes by `runCli`) and `UsageError`.
 */
export async function runChat(
  prompt: string | undefined,
  options: ChatOptions,
  context: CliContext,
): Promise<void> {
  const config = loadCliConfig(context, { baseURL: options.baseUrl, model: options.model });
  const text = await resolvePrompt(prompt, context);
  const request: ChatRequest = {
    model: config.model,
    messages: [
      ...(options.system === undefined
        ? []
        : [{ role: 'system' as const, content: options.system }]),
      { role: 'user', content: text },
    ],
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
  };
  const client = createClient(config);
  const spinner = createSpinner({
    stream: context.stderr,
    text: `Asking ${config.model}…`,
    color: useColor(context.stderr, context.env),
  });
  try {
    if (options.json || !options.stream) {
      await printCompletion(client, request, options.json, context);
    } else {
      await streamCompletion(client, request, context, () => spinner.stop());
    }
  } finally {
    spinner.stop();
    await client.close();
  }
}

async function printCompletion(
  client: BulwarkClient,
  request: ChatRequest,
  json: boolean,
  context: CliContext,
): Promise<void> {
  const completion = await client.chat.completions.create(
    { ...request, stream: false },
    { signal: context.signal },
  );
  if (json) {
    await writeText(context.stdout, `${JSON.stringify(completion)}\n`);
    return;
  }
  const message = completion.choices[0]?.message;
  await writeText(context.stdout, withNewline(message?.content ?? message?.refusal ?? ''));
}

async function streamCompletion(
  client: BulwarkClient,
  request: ChatRequest,
  context: CliContext,
  onFirstToken: () => void,
): Promise<void> {
  const stream = await client.chat.completions.create(
    { ...request, stream: true },
    { signal: context.signal },
  );
  let last = '\n';
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    const piece = delta?.content ?? delta?.refusal ?? '';
    if (piece === '') continue;
    onFirstToken();
    await writeText(context.stdout, piece);
    last = piece;
  }
  if (!last.endsWith('\n')) await writeText(context.stdout, '\n');
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
