const SAFE = { filtered: false, severity: 'safe' };

/** Azure's content-filter verdicts for text that passed every filter. @internal */
export const AZURE_SAFE_RESULTS = {
  hate: SAFE,
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
};

const PROMPT_FILTER_RESULTS = [{ prompt_index: 0, content_filter_results: AZURE_SAFE_RESULTS }];

/** The frame Azure sends before a stream's first chunk: no choices, only the prompt's verdicts. */
const PROMPT_FILTER_FRAME = `data: ${JSON.stringify({
  choices: [],
  created: 0,
  id: '',
  model: '',
  object: '',
  prompt_filter_results: PROMPT_FILTER_RESULTS,
})}\n\n`;

const encoder = new TextEncoder();

/**
 * Adds to a successful answer what Azure OpenAI adds: `prompt_filter_results`
 * and each choice's `content_filter_results` in a completion, and a first
 * stream frame with no choices and empty `id`/`model`/`object` holding the
 * prompt's verdicts. The stream is passed on as it is read, so hangs, delays,
 * aborts and cancels behave as before.
 * @internal
 */
export async function withAzureFilterResults(response: Response): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream') && response.body !== null) {
    return new Response(prefixed(PROMPT_FILTER_FRAME, response.body), {
      status: response.status,
      headers: response.headers,
    });
  }
  if (!type.startsWith('application/json')) return response;
  let completion: unknown;
  try {
    completion = await response.clone().json();
  } catch {
    // A body cut or broken on purpose (truncate, malformed) goes out as scripted.
    return response;
  }
  if (typeof completion !== 'object' || completion === null || !('choices' in completion)) {
    return response;
  }
  const { choices } = completion as { choices: unknown };
  const annotated = {
    ...completion,
    choices: Array.isArray(choices)
      ? choices.map((choice: object) => ({ ...choice, content_filter_results: AZURE_SAFE_RESULTS }))
      : choices,
    prompt_filter_results: PROMPT_FILTER_RESULTS,
  };
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(annotated), { status: response.status, headers });
}

function prefixed(frame: string, body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first) {
        first = false;
        controller.enqueue(encoder.encode(frame));
        return;
      }
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel(reason) {
      await reader.cancel(reason);
    },
  });
}
