import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { ChatBehavior } from './chat-behavior.js';
import { matchesChat, type ChatMatcher } from './chat-matcher.js';

/** @internal */
export interface ScriptStep {
  behavior: ChatBehavior;
  /** Uses left; `Infinity` for a persistent step. */
  remaining: number;
  description: string;
}

/** @internal */
export interface ScriptHandler {
  matcher: ChatMatcher | undefined;
  steps: ScriptStep[];
  description: string;
}

/** @internal */
export interface ScriptSelection {
  behavior: ChatBehavior;
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
 * @internal
 */
export interface ChatScript {
  add(handler: ScriptHandler): void;
  select(body: ChatCompletionCreateParams, request: Request): ScriptSelection | undefined;
  /** Descriptions of limited steps that still have uses left. */
  unconsumed(): string[];
  clear(): void;
}

/** @internal */
export function createChatScript(): ChatScript {
  const handlers: ScriptHandler[] = [];

  const currentStep = (handler: ScriptHandler): ScriptStep | undefined =>
    handler.steps.find((step) => step.remaining > 0);

  return {
    add(handler) {
      handlers.push(handler);
    },
    select(body, request) {
      let persistent: ScriptStep | undefined;
      for (const handler of handlers) {
        const step = currentStep(handler);
        if (step === undefined) continue;
        if (step.remaining !== Infinity || persistent === undefined) {
          if (!matchesChat(handler.matcher, body, request)) continue;
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

function selectionOf(step: ScriptStep): ScriptSelection {
  return {
    behavior: step.behavior,
    consume() {
      if (step.remaining !== Infinity) step.remaining -= 1;
    },
  };
}
