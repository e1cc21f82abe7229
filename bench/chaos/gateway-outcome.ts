/** How one request to the gateway ended. */
export interface GatewayOutcome {
  status: number;
  /** `completion` (JSON), `stream` (SSE ending in `[DONE]`), `error` (JSON error body) or `stream-error` (SSE error frame). */
  kind: 'completion' | 'stream' | 'error' | 'stream-error' | 'invalid';
  /** The error code, for `error` and `stream-error`. */
  code?: string | null | undefined;
  retryAfter: string | null;
  text: string;
}

interface ErrorBody {
  error?: { message?: unknown; type?: unknown; code?: unknown; param?: unknown };
}

function isOpenAIError(value: unknown): value is Required<ErrorBody> {
  const error = (value as ErrorBody | null)?.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof error.message === 'string' &&
    typeof error.type === 'string' &&
    'code' in error &&
    'param' in error
  );
}

function classifyStream(text: string): Pick<GatewayOutcome, 'kind' | 'code'> {
  const frames = text
    .split('\n\n')
    .map((frame) => frame.trim())
    .filter(Boolean);
  const last = frames.at(-1);
  for (const frame of frames.slice(0, -1)) {
    const chunk = JSON.parse(frame.replace(/^data: /, '')) as { object?: string };
    if (chunk.object !== 'chat.completion.chunk') return { kind: 'invalid' };
  }
  if (last === 'data: [DONE]') return { kind: 'stream' };
  const payload: unknown = last === undefined ? undefined : JSON.parse(last.replace(/^data: /, ''));
  return isOpenAIError(payload)
    ? { kind: 'stream-error', code: payload.error.code as string | null }
    : { kind: 'invalid' };
}

/** Sends one chat request to the gateway and classifies how it ended. */
export async function sendChat(
  baseURL: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GatewayOutcome> {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const retryAfter = response.headers.get('retry-after');
  const base = { status: response.status, retryAfter, text };
  try {
    if (response.headers.get('content-type')?.startsWith('text/event-stream') === true) {
      return { ...base, ...classifyStream(text) };
    }
    const parsed: unknown = JSON.parse(text);
    if (response.status === 200) {
      const object = (parsed as { object?: unknown }).object;
      return { ...base, kind: object === 'chat.completion' ? 'completion' : 'invalid' };
    }
    return isOpenAIError(parsed)
      ? { ...base, kind: 'error', code: parsed.error.code as string | null }
      : { ...base, kind: 'invalid' };
  } catch {
    return { ...base, kind: 'invalid' };
  }
}
