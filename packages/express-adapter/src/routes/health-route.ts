import type { RequestHandler } from 'express';

/** `GET /healthz`: 200 `{"status":"ok"}` while the process serves requests. */
export function healthRoute(): RequestHandler {
  return (_request, response) => {
    response.json({ status: 'ok' });
  };
}
