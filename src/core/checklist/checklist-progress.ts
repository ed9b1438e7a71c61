/** Checklist progress for `release-kit status`: how many boxes are ticked, and the first one still open. */
import { parseChecklist } from "./parse-checklist.js";

/** Done and total counts. */
export interface ProgressCount {
  readonly done: number;
  readonly total: number;
}

/** Progress of a checklist issue. */
export interface ChecklistProgress extends ProgressCount {
  /** Items the automation owns (keyed). */
  readonly automated: ProgressCount;
  /** Items for people (including carried lessons). */
  readonly manual: ProgressCount;
  /** The first open item in document order: the next thing to do. */
  readonly next?: { readonly text: string; readonly section?: string; readonly key?: string };
}

/** Counts the task items of a checklist body (the status section holds none). */
export function checklistProgress(body: string): ChecklistProgress {
  const items = parseChecklist(body).blocks.flatMap((b) => (b.kind === "item" ? [b] : []));
  const count = (list: typeof items): ProgressCount => ({
    done: list.filter((i) => i.checked).length,
    total: list.length,
  });
  const open = items.find((i) => !i.checked);
  return {
    ...count(items),
    automated: count(items.filter((i) => i.key !== undefined)),
    manual: count(items.filter((i) => i.key === undefined)),
    ...(open
      ? {
          next: {
            text: open.text,
            ...(open.section !== undefined ? { section: open.section } : {}),
            ...(open.key !== undefined ? { key: open.key } : {}),
          },
        }
      : {}),
  };
}
