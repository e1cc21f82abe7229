/**
 * The settings every deployment has, whatever its provider and wherever its
 * key comes from.
 */
export interface DeploymentLimits {
  /** Requests per minute this deployment allows; 0 or absent: no client-side limit. */
  rpm?: number | undefined;
  /** Tokens per minute this deployment allows; 0 or absent: no client-side limit. */
  tpm?: number | undefined;
  /**
   * The model name sent upstream. Absent: the name of the route the caller
   * asked for. Azure ignores it (the deployment decides the model), so there
   * it only documents what the deployment serves.
   */
  model?: string | undefined;
}

/** An OpenAI (or OpenAI-compatible) upstream, without its key. */
export interface OpenAIDeploymentFields extends DeploymentLimits {
  /** Always `openai`. */
  provider: 'openai';
  /** The API's base URL, e.g. `https://api.openai.com/v1`; `https:` unless the host is loopback. */
  baseURL: string;
  /** Sent as `OpenAI-Organization`. */
  organization?: string | undefined;
  /** Sent as `OpenAI-Project`. */
  project?: string | undefined;
}

/** An Azure OpenAI deployment, without its key. */
export interface AzureDeploymentFields extends DeploymentLimits {
  /** Always `azure`. */
  provider: 'azure';
  /** The resource's endpoint, e.g. `https://my-resource.openai.azure.com`; `https:` unless loopback. */
  endpoint: string;
  /** The deployment's name in the Azure resource (it decides the model). */
  deployment: string;
  /** The `api-version` query parameter, a string such as `2024-10-21` or `2025-04-01-preview`. */
  apiVersion: string;
}
