import type { ServerResponse } from 'node:http';
import { GatewayHttpError } from './gateway-http-error.js';
import type { RouteMatch } from './match-route.js';
import type { RequestContext } from './request-context.js';
import { sendAnswer } from './send-answer.js';

/** Answers `GET /v1/models` and `GET /v1/models/{id}`. */
export interface ModelsRoute {
  /** `GET /v1/models`: the list, in OpenAI's shape. */
  list(response: ServerResponse, context: RequestContext): void;
  /**
   * `GET /v1/models/{id}`: the `Model` object of a served model.
   * @throws GatewayHttpError 404 `model_not_found` for any other id.
   */
  retrieve(response: ServerResponse, context: RequestContext, match: RouteMatch): void;
}

/** The id of a `GET /v1/models/{id}` request: the rest of the path, decoded, without one trailing slash. */
function modelId(path: string): string {
  const raw = path.slice('/v1/models/'.length).replace(/\/$/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The models routes of the gateway, over the models it serves (the model
 * table, or the route names): the list, and each model by id with OpenAI's
 * 404 `model_not_found` (message included) for an id not served.
 *
 * @param models - the ids served, in the order listed.
 * @param created - the `created` of every model, in Unix seconds.
 */
export function createModelsRoute(models: readonly string[], created: number): ModelsRoute {
  const bodies = new Map(
    models.map((id) => [id, JSON.stringify({ id, object: 'model', created, owned_by: 'openai' })]),
  );
  const list = `{"object":"list","data":[${[...bodies.values()].join(',')}]}`;
  return {
    list: (response, context) => sendAnswer(response, context, 200, list),
    retrieve(response, context, match) {
      const id = modelId(match.path);
      const body = bodies.get(id);
      if (body === undefined) {
        throw new GatewayHttpError({
          status: 404,
          code: 'model_not_found',
          message: `The model \`${id.slice(0, 200)}\` does not exist or you do not have access to it.`,
        });
      }
      sendAnswer(response, context, 200, body);
    },
  };
}
