/** The ANSI styles the CLI uses. */
export type PaintStyle = 'red' | 'green' | 'yellow' | 'dim' | 'bold';

const CODES: Record<PaintStyle, [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** A function that styles text, or leaves it plain when colour is off. */
export type Painter = (style: PaintStyle, text: string) => string;

/**
 * Creates a {@link Painter}: ANSI-styled text when `enabled`, the text as is
 * otherwise (see `useColor`).
 *
 * @param enabled - whether colour is on.
 */
export function createPainter(enabled: boolean): Painter {
  return (style, text) => {
    if (!enabled) return text;
    const [open, close] = CODES[style];
    return `\u001B[${open}m${text}\u001B[${close}m`;
  };
}
