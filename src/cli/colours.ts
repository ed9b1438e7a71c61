/**
 * Colour on the terminal, as the conventions say: FORCE_COLOR (any value but "0" or "false") turns it on even in a
 * pipe or a CI log, and overrides NO_COLOR as Node's own tools do; otherwise colour only when stderr is a terminal,
 * NO_COLOR is unset or empty (no-color.org) and TERM is not "dumb". Only stderr is coloured: stdout carries results
 * that scripts read.
 */

/** Whether stderr gets colour. */
export function useColour(env: NodeJS.ProcessEnv, stderrIsTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stderrIsTTY && env.TERM !== "dumb";
}

/** Paints words of stderr, or leaves them as they are when colour is off. */
export interface Painter {
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly dim: (text: string) => string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

/** A painter that colours when `on`. */
export function painter(on: boolean): Painter {
  if (!on) return { red: (t) => t, yellow: (t) => t, dim: (t) => t };
  return { red: sgr(31, 39), yellow: sgr(33, 39), dim: sgr(2, 22) };
}
