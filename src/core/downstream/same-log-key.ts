/**
 * When two failure logs say the same thing: their text once what changes from run to run is set aside (temporary
 * directories of the fresh checkouts, hashes, numbers such as durations, addresses and line counts). The report
 * shows one excerpt for logs with the same key instead of three identical ones. Pure.
 */

/** The text with temp paths, hex strings and numbers replaced by placeholders. */
export function sameLogKey(text: string): string {
  return text
    .replace(/(?:\/tmp|\/var\/folders|[A-Za-z]:\\Users\\[^\\]+\\AppData\\Local\\Temp)[^\s:'"`]*/g, "<tmp>")
    .replace(/\b[0-9a-f]{7,40}\b/g, "<hex>")
    .replace(/\d+(?:\.\d+)?/g, "<n>")
    .trim();
}
