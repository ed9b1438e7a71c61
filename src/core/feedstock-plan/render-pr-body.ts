/**
 * The feedstock PR's body: what changed and why, the source and how its hash was verified, links to the upstream
 * tag, release and release checklist, and a short checklist for the feedstock's maintainers. Deterministic, so a
 * rerun can tell whether the PR needs an edit.
 */
import type { RecipeChange } from "../recipe/bump-recipe.js";
import type { CarriedChange, CarryConflict } from "./carry-rc-changes.js";
import type { FeedstockPrSettings } from "./feedstock-pr-settings.js";
import type { VerifiedSource } from "./verified-source.js";

/** What the body describes. */
export interface PrBodyInput {
  readonly settings: FeedstockPrSettings;
  readonly base: string;
  readonly recipePath: string;
  readonly changes: readonly RecipeChange[];
  /** What happened to `channel_targets`: set to the label, removed, or untouched. */
  readonly channel: "set" | "removed" | "none";
  readonly rcMarker: { readonly key: string; readonly value: number } | undefined;
  readonly sources: readonly VerifiedSource[];
  readonly carried: readonly CarriedChange[];
  readonly conflicts: readonly CarryConflict[];
  readonly requestRerender: boolean;
}

function why(input: PrBodyInput): string {
  const { settings: s, base } = input;
  if (s.kind === "final") {
    const removed = input.channel === "removed" ? ", so the candidates' `channel_targets` override is removed" : "";
    // With main-opt-in the diff may reset the marker a merged candidate left; say so, as the candidate's PR does.
    const marker = input.rcMarker
      ? ` The recipe's RC marker \`${input.rcMarker.key}\` is ${input.rcMarker.value} here, so it builds the final, not a candidate.`
      : "";
    return `It targets \`${base}\`: the final is uploaded to the \`main\` label${removed}.${marker}`;
  }
  if (input.rcMarker) {
    return `It targets \`${base}\` and sets the recipe's RC marker \`${input.rcMarker.key}\` to ${input.rcMarker.value}, so users only get this candidate when they opt in.`;
  }
  return `It targets \`${base}\` and uploads to the label \`${s.rcLabel}\` (CFEP-05); users try it with \`conda install -c conda-forge/label/${s.rcLabel} ${s.package}\`.`;
}

function changeLine(change: RecipeChange, recipePath: string): string {
  const what = change.kind === "build-number" ? "build number" : change.kind;
  const source = change.source ? ` (${change.source})` : "";
  return `- \`${recipePath}\` line ${change.line}: ${what} \`${change.before}\` → \`${change.after}\`${source}`;
}

/** The Markdown body. */
export function renderPrBody(input: PrBodyInput): string {
  const { settings: s } = input;
  const web = `https://github.com/${s.upstreamRepo}`;
  const what = s.kind === "rc" ? `release candidate ${s.rcNumber ?? ""}`.trim() : "final release";
  const lines = [
    `This PR updates **${s.package}** to **${s.version}**, the ${what} of [${s.upstreamRepo}](${web}). ${why(input)}`,
    "",
    "### What changed",
    ...input.changes.map((c) => changeLine(c, input.recipePath)),
  ];
  if (input.channel === "set")
    lines.push(`- \`recipe/conda_build_config.yaml\`: \`channel_targets\` set to \`conda-forge ${s.rcLabel}\``);
  if (input.channel === "removed")
    lines.push("- `recipe/conda_build_config.yaml`: the `channel_targets` override of the candidates is removed");
  if (input.carried.length > 0) {
    lines.push("", `### Carried over from the \`${s.rcBranch}\` branch`, "");
    lines.push("Recipe changes made for the candidates since the rc branch left the default branch:", "");
    for (const c of input.carried) {
      lines.push(`- \`${c.path}\` (${c.kind})`);
      if (c.diff)
        lines.push(
          "",
          "  ```diff",
          ...c.diff
            .trimEnd()
            .split("\n")
            .map((l) => `  ${l}`),
          "  ```",
        );
    }
  }
  if (input.conflicts.length > 0) {
    lines.push("", "### Left for a maintainer", "");
    for (const c of input.conflicts) lines.push(`- \`${c.path}\`: ${c.reason}`);
  }
  lines.push("", "### Source", "", "| URL | sha256 | how it was verified |", "| --- | --- | --- |");
  for (const src of input.sources) lines.push(`| ${src.url} | \`${src.sha256}\` | ${src.verification} |`);
  lines.push("", "### Links", "");
  lines.push(`- Tag: [${s.tag}](${web}/tree/${encodeURIComponent(s.tag)})`);
  lines.push(`- Release: ${web}/releases/tag/${encodeURIComponent(s.tag)}`);
  if (s.checklistUrl) lines.push(`- Release checklist: ${s.checklistUrl}`);
  lines.push("", "### Checklist for feedstock maintainers", "");
  lines.push("- [ ] The version and sha256 above are the upstream release's (tag and hash linked above).");
  lines.push("- [ ] Requirements still match the upstream project for this version (pins, build tools, Python range).");
  lines.push("- [ ] The build number is 0.");
  lines.push(
    input.requestRerender
      ? "- [ ] The feedstock is rerendered (release-kit asked `@conda-forge-admin, please rerender` below)."
      : "- [ ] No rerender needed (the build configuration did not change), or one was requested.",
  );
  if (s.kind === "rc" && !input.rcMarker)
    lines.push(`- [ ] Merge into \`${input.base}\` only: this candidate must not reach the \`main\` label.`);
  if (input.conflicts.length > 0) lines.push("- [ ] The changes listed under “Left for a maintainer” are merged.");
  lines.push("", "<sub>Opened by release-kit from a fork; a rerun updates this PR instead of opening another.</sub>");
  return lines.join("\n") + "\n";
}
