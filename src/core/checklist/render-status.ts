/**
 * The content of the status section: what the sync observed, the next step, and the timeline. It is rebuilt from the
 * remote state on every sync and holds no clock reading of its own, so a sync that finds nothing new writes nothing.
 */
import type { Milestone } from "./render-timeline.js";
import { renderTimeline } from "./render-timeline.js";

/** Input of {@link renderStatus}. */
export interface StatusInput {
  /** Observed facts, one table row each (e.g. `{ label: "PyPI", value: "1.20.0rc1: 12 files" }`); values are Markdown. */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly milestones: readonly Milestone[];
  /** The next step to take, one line. */
  readonly next?: string;
  /** Timeline title, e.g. `onnx 1.20.0`. */
  readonly title?: string;
}

/** Markdown for the status section (without its marker comments). */
export function renderStatus(input: StatusInput): string {
  const out: string[] = ["## Status", "", "_Kept up to date by release-kit; edits here are overwritten._", ""];
  if (input.next) out.push(`**Next step:** ${oneLine(input.next)}`, "");
  if (input.facts.length > 0) {
    out.push("| | |", "| --- | --- |");
    for (const fact of input.facts) out.push(`| ${cell(fact.label)} | ${cell(fact.value)} |`);
    out.push("");
  }
  out.push("### Timeline", "", renderTimeline(input.milestones, input.title));
  // The trailing blank line keeps the end marker from being read as part of the table above it.
  return `${out.join("\n")}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, "\\|");
}
