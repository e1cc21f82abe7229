import { createId } from '../builders/create-id.js';
import { openAIErrorResponse } from '../engine/openai-error.js';
import type { MockStoredFile } from './mock-batch-options.js';
import type { HoldRegistry } from './mock-holds.js';

const PURPOSES = new Set(['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals']);

/** The `OpenAIFile` object of a stored file. @internal */
export function toFileObject(file: MockStoredFile): Record<string, unknown> {
  return {
    id: file.id,
    object: 'file',
    bytes: Buffer.byteLength(file.content),
    created_at: file.createdAt,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
  };
}

function json(value: unknown): Response {
  return Response.json(value);
}

/** `POST /files` (multipart: `file`, `purpose`). @internal */
export async function uploadFile(
  request: Request,
  files: Map<string, MockStoredFile>,
  holds: HoldRegistry,
  nowSeconds: number,
): Promise<Response> {
  await holds.pass('files.create', 'request', request.signal);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return openAIErrorResponse(400, { message: 'The body must be multipart/form-data.' });
  }
  const purpose = form.get('purpose');
  const file = form.get('file');
  if (typeof purpose !== 'string' || !PURPOSES.has(purpose)) {
    return openAIErrorResponse(400, {
      message: `Invalid value for 'purpose': ${JSON.stringify(purpose)}.`,
      param: 'purpose',
      code: 'invalid_value',
    });
  }
  if (file === null || typeof file === 'string') {
    return openAIErrorResponse(400, {
      message: "Missing required parameter: 'file'.",
      param: 'file',
      code: 'missing_required_parameter',
    });
  }
  const stored: MockStoredFile = {
    id: createId('file-', 22),
    filename: file.name,
    purpose,
    content: await file.text(),
    createdAt: nowSeconds,
  };
  files.set(stored.id, stored);
  await holds.pass('files.create', 'response', request.signal);
  return json(toFileObject(stored));
}

/** `GET /files/{id}` and `GET /files/{id}/content`. @internal */
export async function readFile(
  request: Request,
  file: MockStoredFile | undefined,
  id: string,
  content: boolean,
  holds: HoldRegistry,
): Promise<Response> {
  const endpoint = content ? 'files.content' : 'files.retrieve';
  await holds.pass(endpoint, 'request', request.signal);
  if (file === undefined) {
    return openAIErrorResponse(404, { message: `No such File object: ${id}`, param: 'id' });
  }
  if (!content) return json(toFileObject(file));
  const bytes = Buffer.from(file.content);
  const half = Math.floor(bytes.length / 2);
  const { signal } = request;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(bytes.subarray(0, half));
      try {
        await holds.pass('files.content', 'response', signal);
      } catch (error) {
        controller.error(error);
        return;
      }
      controller.enqueue(bytes.subarray(half));
      controller.close();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.length),
    },
  });
}
