/**
 * Counts in words: `1 file`, `2 files`, `0 issues`. Every count release-kit prints goes through here, so no output
 * says "1 files" and the irregular words (`entry`/`entries`) are written once.
 */

/** `count` followed by `singular` or, for any other count, `pluralForm` (default: `singular` + "s"). */
export function countOf(count: number, singular: string, pluralForm: string = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
