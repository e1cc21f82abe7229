/** The model a reply names when neither the request nor the script names one. */
export const DEFAULT_MODEL = 'gpt-4-1106-preview';

/** The backend fingerprint every reply carries, as OpenAI's replies do. */
export const SYSTEM_FINGERPRINT = 'fp_bulwark_mock';
