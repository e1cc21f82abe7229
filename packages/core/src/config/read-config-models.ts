import { ConfigError, type ConfigIssue } from '../errors/errors.js';
import { loadModelsFile } from '../models/load-models-file.js';
import type { ModelInfo } from '../models/model-info.js';
import { MODELS_FILE_VARIABLE } from './environment-variables.js';

/**
 * Reads the models file `BULWARK_MODELS_FILE` names (unset or blank: none)
 * for `loadConfig()`. Each problem becomes an issue named by the variable,
 * its message naming the model and field, e.g.
 * `BULWARK_MODELS_FILE: gpt-4o.inputCostPer1K: Too small: expected number to be >=0`.
 *
 * @param env - the environment the configuration is read from.
 * @param cwd - the base of a relative path.
 * @param issues - where problems are added.
 * @returns the entries, or `undefined` without a file or when it has problems.
 */
export function readConfigModels(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  issues: ConfigIssue[],
): Record<string, ModelInfo> | undefined {
  const path = env[MODELS_FILE_VARIABLE]?.trim();
  if (path === undefined || path === '') return undefined;
  try {
    return loadModelsFile(path, { cwd });
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    issues.push(
      ...error.issues.map((issue) => ({
        name: MODELS_FILE_VARIABLE,
        message: `${issue.name}: ${issue.message}`,
      })),
    );
    return undefined;
  }
}
