/**
 * Trailers release-kit writes into the messages of its commits and tags, so a later run can tell which
 * version a commit bumps to and which workflow run made it (the key to resuming without duplicates).
 */

/** The trailers of a release commit or tag. */
export interface ReleaseTrailers {
  readonly version?: string;
  readonly run?: string;
}

const VERSION_KEY = "Release-Kit-Version";
const RUN_KEY = "Release-Kit-Run";

/**
 * Appends the trailers to a message; `signedOffBy` (`Name <email>`, project.sign-off) adds the DCO's
 * `Signed-off-by:` to the same trailer block, where `git interpret-trailers` and DCO checks look for it.
 */
export function withTrailers(
  subject: string,
  body: string,
  trailers: Required<ReleaseTrailers>,
  signedOffBy?: string,
): string {
  const parts = [subject];
  if (body.trim() !== "") parts.push(body.trim());
  const signOff = signedOffBy ? `Signed-off-by: ${signedOffBy}\n` : "";
  parts.push(`${signOff}${VERSION_KEY}: ${trailers.version}\n${RUN_KEY}: ${trailers.run}`);
  return parts.join("\n\n") + "\n";
}

/** Reads the trailers of a message (absent ones are undefined). */
export function readTrailers(message: string): ReleaseTrailers {
  const find = (key: string) => new RegExp(`^${key}: *(.+?) *$`, "m").exec(message)?.[1];
  return { version: find(VERSION_KEY), run: find(RUN_KEY) };
}
