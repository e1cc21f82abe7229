/**
 * `@bulwark/express-adapter`: an OpenAI-compatible HTTP gateway in front of
 * `@bulwark/core` (DESIGN §5). The package is scaffolded; its routes arrive
 * with the gateway issue and it exports nothing yet.
 *
 * @packageDocumentation
 */
export {};
