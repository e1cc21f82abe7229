import type { BulwarkClient, CallOptions } from '@bulwark/core';
import { z } from 'zod';

/** What the model must answer for a support ticket; `client.json()` validates against it. */
export const ticketTriageSchema = z.object({
  category: z.enum(['billing', 'bug', 'question']),
  urgency: z.number().int().min(1).max(5),
  summary: z.string().min(1).max(200),
});

/** A triaged ticket, typed from the schema. */
export type TicketTriage = z.infer<typeof ticketTriageSchema>;

/**
 * Asks the model to triage a support ticket in JSON mode. The answer comes
 * back parsed and typed; one that is not JSON or fails the schema is sent
 * back to the model once for repair, then fails with `SchemaMismatchError`.
 *
 * @param client - a `@bulwark/core` client.
 * @param ticket - the customer's text.
 * @param options - per-call options such as `signal`.
 * @returns the validated triage.
 */
export function triageTicket(
  client: BulwarkClient,
  ticket: string,
  options?: CallOptions,
): Promise<TicketTriage> {
  return client.json(
    {
      schema: ticketTriageSchema,
      temperature: 0,
      messages: [
        { role: 'system', content: 'You triage customer support tickets.' },
        { role: 'user', content: ticket },
      ],
    },
    options,
  );
}
