import type { CallUsage } from '@bulwark/core';
import type { RateTicket } from '../keys/key-rate-limiter.js';
import type { KeyStore, Reservation } from '../keys/key-store.js';
import { storeFailure } from './key-refusals.js';

/** How a call ended, for {@link KeyCharge.close}. */
export interface CallEnd {
  /** What core reported through `onUsage` (the call completed), else `undefined`. */
  usage: CallUsage | undefined;
  /** Whether part of the answer reached the caller (a stream's headers and chunks were sent). */
  delivered: boolean;
}

/**
 * What one call of a store key has open: its reservation (see
 * `KeyStore.reserve`) and its rate ticket. {@link KeyCharge.close} is the one
 * place they are closed, whatever the call's end; it runs once, and every
 * later call gets the same promise:
 *
 * - the call completed (`usage` reported; a cache hit costs 0): the
 *   reservation is settled at its true cost, and the ticket's tokens made exact;
 * - it failed after part of a stream was delivered (the client went away,
 *   the upstream broke off): settled at the reservation, the most it could
 *   cost, since the upstream bills what it generated;
 * - it failed before anything was delivered: the reservation is released.
 */
export class KeyCharge {
  readonly #store: KeyStore;
  readonly #reservation: Reservation;
  readonly #ticket: RateTicket;
  readonly #charged: (costUsd: number) => void;
  #closed: Promise<void> | undefined;

  /**
   * @param store - the key store.
   * @param reservation - the call's reservation.
   * @param ticket - its rate ticket.
   * @param charged - told the amount settled, once (the per-key cost metric).
   */
  constructor(
    store: KeyStore,
    reservation: Reservation,
    ticket: RateTicket,
    charged: (costUsd: number) => void,
  ) {
    this.#store = store;
    this.#reservation = reservation;
    this.#ticket = ticket;
    this.#charged = charged;
  }

  /**
   * Settles or releases the reservation, durably before it resolves.
   *
   * @param end - the call's usage and whether part of it was delivered.
   * @throws GatewayHttpError 503 `key_store_unavailable` when the store fails.
   */
  close(end: CallEnd): Promise<void> {
    this.#closed ??= this.#close(end);
    return this.#closed;
  }

  async #close({ usage, delivered }: CallEnd): Promise<void> {
    const costUsd =
      usage !== undefined ? usage.costUsd : delivered ? this.#reservation.amountUsd : 0;
    try {
      if (costUsd > 0) await this.#store.settle(this.#reservation, costUsd);
      else await this.#store.release(this.#reservation);
      if (usage !== undefined) {
        await this.#store.rateLimiter.record(
          this.#ticket,
          usage.promptTokens + usage.completionTokens,
        );
      }
    } catch (error) {
      throw storeFailure(error);
    }
    this.#charged(costUsd);
  }
}
