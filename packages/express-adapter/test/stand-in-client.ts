import type {
  BulwarkClient,
  CallInfo,
  CallOptions,
  ClientEventMap,
  ClientEventName,
  ClientHealth,
} from '@bulwark/core';

/** What a test makes the stand-in's `create()` do with one call. */
export type StandInCall = (params: { stream?: boolean | null }, options: CallOptions) => unknown;

/** A client object with just what the gateway uses, steered by the test. */
export interface StandInClient {
  /** The object to pass as the gateway's `client`. */
  client: BulwarkClient;
  /** What `health()` returns; change it freely. */
  health: ClientHealth;
  /** What `create()` does; a JSON completion by default. */
  call: StandInCall;
  /** Calls the listeners of an event, as the client would. */
  emit<Name extends ClientEventName>(name: Name, payload: ClientEventMap[Name]): void;
}

/** A chat completion whose message says `content`. */
export function completionSaying(content: string) {
  return {
    id: 'chatcmpl-stand-in',
    object: 'chat.completion',
    created: 0,
    model: 'gpt-4o',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  };
}

/** A stream chunk carrying `content`. */
export function chunkSaying(content: string) {
  return {
    id: 'chatcmpl-stand-in',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'gpt-4o',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  };
}

/** The call info of an answer by `deployment` after `attempts` attempts. */
export function infoFrom(deployment: string | undefined, attempts = 1): CallInfo {
  return {
    attempts,
    cache: 'bypass',
    upstreamRequestId: 'req_up',
    rateLimitHeaders: {},
    deployment,
  };
}

/**
 * A stand-in for core's client (as bench/children/handler-over-pool.mjs
 * uses): `chat.completions.create()` runs {@link StandInClient.call},
 * `health()` returns {@link StandInClient.health}, `on()` keeps listeners
 * for {@link StandInClient.emit}. The gateway can be tested with routes
 * without core's fallback loop.
 */
export function createStandInClient(): StandInClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stand: StandInClient = {
    health: { circuit: 'closed', inFlight: 0, queued: 0 } as ClientHealth,
    call: (_params, options) => {
      options.onCallInfo?.(infoFrom(undefined));
      return completionSaying('hello');
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
    client: undefined as unknown as BulwarkClient,
  };
  stand.client = {
    chat: {
      completions: {
        create: async (params: { stream?: boolean | null }, options: CallOptions = {}) =>
          stand.call(params, options),
      },
    },
    health: () => stand.health,
    on(name: string, listener: (payload: unknown) => void) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
    close: async () => {},
  } as unknown as BulwarkClient;
  return stand;
}
