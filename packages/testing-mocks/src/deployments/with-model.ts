/**
 * Azure's deployment decides the model: a body without one is answered with
 * the deployment's.
 * @internal
 */
export async function withModel(request: Request, model: string): Promise<Request> {
  if (request.method !== 'POST') return request;
  const text = await request.text();
  let body = text;
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      !('model' in value)
    ) {
      body = JSON.stringify({ ...value, model });
    }
  } catch {
    // Not JSON: the engine answers the 400 the API would.
  }
  const headers = new Headers(request.headers);
  // The body may have grown by the model: the length is the new body's.
  headers.delete('content-length');
  return new Request(request.url, {
    method: request.method,
    headers,
    body,
    signal: request.signal,
  });
}
