/**
 * The metadata that ties a batch to its run and part:
 * `bulwark_job` (the run's random id, in the state file),
 * `bulwark_input_sha256`, `bulwark_part` and `bulwark_parts`, and
 * `bulwark_round` (0, then 1, 2… for `--retry-failed` rounds).
 */
export interface PartIdentity {
  job: string;
  inputSha256: string;
  round: number;
  part: number;
  parts: number;
}

/**
 * The metadata of a part's batch (at most 16 keys of 64 characters, values of
 * 512: well within OpenAI's limits).
 *
 * @param identity - the run, round and part.
 */
export function batchMetadata(identity: PartIdentity): Record<string, string> {
  return {
    bulwark_job: identity.job,
    bulwark_input_sha256: identity.inputSha256,
    bulwark_round: String(identity.round),
    bulwark_part: String(identity.part),
    bulwark_parts: String(identity.parts),
  };
}

/**
 * Whether a batch's metadata names this part of this run.
 *
 * @param metadata - the batch's metadata.
 * @param identity - the run, round and part.
 */
export function matchesPart(
  metadata: Record<string, string> | null | undefined,
  identity: PartIdentity,
): boolean {
  if (metadata == null) return false;
  const expected = batchMetadata(identity);
  return Object.entries(expected).every(([key, value]) => metadata[key] === value);
}
