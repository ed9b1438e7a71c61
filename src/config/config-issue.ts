/** One problem found in a configuration file, before it is given a line number. */

/** A key path into the file: map keys and list indexes, from the top. */
export type KeyPath = readonly (string | number)[];

/** A problem at a key path; `message` is `what is wrong (what was expected)`. */
export interface ConfigIssue {
  readonly path: KeyPath;
  readonly message: string;
}

/** Renders a key path the way users read it: `downstream[2].skip`, or `(top level)` for the root. */
export function formatKeyPath(path: KeyPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? segment : `.${segment}`;
  }
  return text === "" ? "(top level)" : text;
}
