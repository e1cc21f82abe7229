import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { ChatBehavior } from './chat-behavior.js';
import { matchesChat, type ChatMatcher } from './chat-matcher.js';

/** @internal */
export interface ScriptStep<Behavior = ChatBehavior> {
  behavior: Behavior;
  /** Uses left; `Infinity` for a persistent step. */
  remaining: number;
  description: string;
}

/** @internal */
export interface ScriptHandler<Matcher = ChatMatcher, Behavior = ChatBehavior> {
  matcher: Matcher | undefined;
  steps: ScriptStep<Behavior>[];
  description: string;
}

/** @internal */
export interface ScriptSelection<Behavior = ChatBehavior> {
  behavior: Behavior;
  /** Uses the step up: a limited step loses one use. */
  consume(): void;
}

/**
 * The ordered set of scripted handlers.
 *
 * Selection rule: a handler's current step is its first step with uses left.
 * Among matching handlers, the first one (in registration order) whose current
 * step is limited (`replyOnce`, `failOnce`, `times`) wins; otherwise the first
 * one whose current step is persistent. So one-off answers take priority over
 * persistent ones, and one-off answers are used in the order they were written.
 * The same rule scripts chat (`onChat`) and embeddings (`onEmbeddings`).
 * @internal
 */
export interface Script<Body, Matcher, Behavior> {
  add(handler: ScriptHandler<Matcher, Behavior>): void;
  select(body: Body, request: Request): ScriptSelection<Behavior> | undefined;
  /** Descriptions of limited steps that still have uses left. */
  unconsumed(): string[];
  clear(): void;
}

/** The script of chat requests. @internal */
export type ChatScript = Script<ChatCompletionCreateParams, ChatMatcher, ChatBehavior>;

/** @internal */
export function createChatScript(): ChatScript {
  return createScript(matchesChat);
}

/**
 * A script whose handlers match requests with `matches`.
 * @internal
 */
export function createScript<Body, Matcher, Behavior>(
  matches: (matcher: Matcher | undefined, body: Body, request: Request) => boolean,
): Script<Body, Matcher, Behavior> {
  const handlers: ScriptHandler<Matcher, Behavior>[] = [];

  const currentStep = (handler: ScriptHandler<Matcher, Behavior>) =>
    handler.steps.find((step) => step.remaining > 0);

  return {
    add(handler) {
      handlers.push(handler);
    },
    select(body, request) {
      let persistent: ScriptStep<Behavior> | undefined;
      for (const handler of handlers) {
        const step = currentStep(handler);
        if (step === undefined) continue;
        if (step.remaining !== Infinity || persistent === undefined) {
          if (!matches(handler.matcher, body, request)) continue;
          if (step.remaining !== Infinity) return selectionOf(step);
          persistent = step;
        }
      }
      return persistent === undefined ? undefined : selectionOf(persistent);
    },
    unconsumed() {
      return handlers.flatMap((handler) =>
        handler.steps
          .filter((step) => step.remaining > 0 && step.remaining !== Infinity)
          .map((step) => `${handler.description}.${step.description}`),
      );
    },
    clear() {
      handlers.length = 0;
    },
  };
}

function selectionOf<Behavior>(step: ScriptStep<Behavior>): ScriptSelection<Behavior> {
  return {
    behavior: step.behavior,
    consume() {
      if (step.remaining !== Infinity) step.remaining -= 1;
    },
  };
}
