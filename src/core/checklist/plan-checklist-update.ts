/**
 * The new body of a checklist after an observation: the keyed items the facts prove done are ticked, and the status
 * section is rebuilt. Pure. ETags alone never cause a write: the body is first rendered with the remembered ETags,
 * and only when something visible changed do the new ones go in.
 */
import type { ChecklistSettings } from "./checklist-settings.js";
import type { Observation, ObservationMemory } from "./observation-memory.js";
import { renderStatusSection } from "./release-status.js";
import { replaceStatusSection } from "./status-section.js";
import { planTicks, type TickSkipReason } from "./tick-items.js";
import { ticksFromFacts } from "./ticks-from-facts.js";

/** What a sync would write. */
export interface ChecklistUpdatePlan {
  /** The new body; `=== base` when nothing changes. */
  readonly body: string;
  readonly changed: boolean;
  readonly ticked: readonly string[];
  readonly skipped: readonly { readonly key: string; readonly reason: TickSkipReason }[];
  readonly statusChanged: boolean;
}

/** Plans the update of `base` for what was observed. */
export function planChecklistUpdate(
  base: string,
  observation: Observation,
  memory: ObservationMemory,
  settings: ChecklistSettings,
): ChecklistUpdatePlan {
  const ticks = planTicks(base, ticksFromFacts(observation.facts, settings));
  let body = replaceStatusSection(ticks.body, renderStatusSection(observation.facts, settings, memory.etags));
  if (body !== base) {
    body = replaceStatusSection(ticks.body, renderStatusSection(observation.facts, settings, observation.etags));
  }
  return {
    body: body === base ? base : body,
    changed: body !== base,
    ticked: ticks.ticked,
    skipped: ticks.skipped.filter((s) => s.reason !== "already-ticked"),
    statusChanged: body !== ticks.body,
  };
}
