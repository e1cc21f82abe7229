/**
 * `@bulwark/cli`: the `bulwark` command (DESIGN §6). The package is
 * scaffolded; its commands arrive with the CLI issue and it exports nothing yet.
 *
 * @packageDocumentation
 */
export {};
