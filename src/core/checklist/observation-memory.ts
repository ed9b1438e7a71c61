/**
 * What the last sync observed, remembered inside the status section as one hidden comment line. The status
 * section is ours (rewritten wholesale, replayed by the merge), so the memory travels with it and costs no request.
 * A sync reuses a remembered fact whose source is settled, and sends the remembered ETag for the others.
 */
import type { ReleaseFacts } from "./release-facts.js";

/** The remembered observation. */
export interface ObservationMemory {
  readonly facts: ReleaseFacts;
  /** ETag of the last answer per source (`tags`, `partners:owner/name`...). */
  readonly etags: Readonly<Record<string, string>>;
}

/** An empty memory: a first sync reads everything. */
export const EMPTY_MEMORY: ObservationMemory = { facts: {}, etags: {} };

const LINE = /^<!-- release-kit:observed (.*) -->$/m;

/** The memory line (no line ending). JSON with every `--` broken up, so it cannot end the HTML comment early. */
export function formatMemoryLine(memory: ObservationMemory): string {
  const json = JSON.stringify({ v: 1, facts: memory.facts, etags: memory.etags }).replace(/--/g, "-\\u002d");
  return `<!-- release-kit:observed ${json} -->`;
}

/** Reads the memory from a status section's text; empty when absent or unreadable (a person may have edited it). */
export function readMemory(statusInner: string | undefined): ObservationMemory {
  const match = statusInner === undefined ? null : LINE.exec(statusInner);
  if (!match) return EMPTY_MEMORY;
  try {
    const parsed = JSON.parse(match[1] ?? "") as { v?: unknown; facts?: unknown; etags?: unknown };
    if (parsed.v !== 1 || typeof parsed.facts !== "object" || parsed.facts === null) return EMPTY_MEMORY;
    const etags: Record<string, string> = {};
    if (typeof parsed.etags === "object" && parsed.etags !== null)
      for (const [k, v] of Object.entries(parsed.etags)) if (typeof v === "string") etags[k] = v;
    return { facts: parsed.facts, etags };
  } catch {
    return EMPTY_MEMORY;
  }
}

/** What a sync or `status` observed, with the ETags to remember and the sources actually requested. */
export interface Observation {
  readonly facts: ReleaseFacts;
  readonly etags: Readonly<Record<string, string>>;
  /** Sources read (one request each, partners one per repository); the others came from memory. */
  readonly reads: readonly string[];
}
