/** What `release-kit init` prints: what it found and where from, each file's fate, the config check, the next command. */
import { describeInitFile } from "../../core/init/plan-init.js";
import type { InitResult } from "./init-project.js";

/** The text on stdout. */
export function renderInitText(result: InitResult, dryRun: boolean): string {
  const c = result.choices;
  const row = (key: string, value: string) => `  ${key.padEnd(16)} ${value}`;
  const files = c.versionFiles.map((f) => `${f.path} (${f.kind})`).join(", ");
  const lines = [
    `${result.repo}, read from ${result.from}:`,
    row("version files", files === "" ? "none found" : files),
    ...c.versionNotes.map((n) => row("", n)),
    row("version scheme", c.versionScheme),
    row("tag", `${c.tag}: ${c.tagNote}`),
    row("release branch", `${c.releaseBranch}: ${c.branchNote}`),
    row(
      "required checks",
      c.requiredChecks.length > 0
        ? c.requiredChecks.join(", ")
        : c.seenChecks.length > 0
          ? "none green on the default branch"
          : "none reported on the default branch",
    ),
    row(
      "package",
      c.pypi === null
        ? "no package name found (pyproject.toml [project] name)"
        : c.pypi.found
          ? `${c.pypi.package}, on ${c.pypi.indexUrl || "the index"}`
          : `${c.pypi.package}, not on ${c.pypi.indexUrl || "the index"} yet (fine before a first release; left commented out)`,
    ),
    row(
      "conda-forge",
      c.condaForge === null
        ? "no feedstock found"
        : `${c.condaForge.feedstock}${c.condaForge.recipe === null ? "" : ` (recipe/${c.condaForge.recipe})`}`,
    ),
    "",
    dryRun ? "Files (dry run: nothing written):" : "Files:",
    ...result.files.map((f) => `  ${describeInitFile(f, dryRun)}`),
    "",
  ];
  const config = result.files[0]?.path ?? "release-kit.yml";
  if (result.configProblems.length === 0) lines.push(`config check: ${config} is valid`);
  else lines.push(`config check: ${config} has problems (listed on stderr)`);
  for (const note of result.notes) lines.push(`note: ${note}`);
  lines.push(`next: ${result.next}`);
  return `${lines.join("\n")}\n`;
}

/** The --json output. */
export function initJson(result: InitResult, dryRun: boolean): unknown {
  return {
    repo: result.repo,
    from: result.from,
    dryRun,
    choices: result.choices,
    version: result.version,
    files: result.files.map((f) => ({ path: f.path, action: f.action, what: f.what })),
    configValid: result.configProblems.length === 0,
    configProblems: result.configProblems,
    notes: result.notes,
    next: result.next,
  };
}
