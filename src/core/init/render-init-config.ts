/**
 * The release-kit.yml that `release-kit init` writes: the values it detected (or the user confirmed), each key with a
 * comment that says what it does and where its value came from, in the file format of docs/config-reference.md.
 * Keys release-kit can read from the repository itself (the default branch) are left out.
 */
import type { VersionScheme } from "../versions/index.js";
import type { VersionFileKind } from "../version-files/index.js";

/** A version file as it goes into `project.version-files`. */
export interface ChosenVersionFile {
  readonly path: string;
  readonly kind: VersionFileKind;
  readonly marker?: string;
  /** Why it was taken, for its comment. */
  readonly why?: string;
}

/** A check seen on the default branch's head, and its state there. */
export interface SeenCheck {
  readonly name: string;
  readonly state: string;
}

/** Everything the written configuration says. */
export interface InitChoices {
  readonly repo: string;
  readonly versionScheme: VersionScheme;
  readonly versionFiles: readonly ChosenVersionFile[];
  readonly tag: string;
  readonly releaseBranch: string;
  readonly requiredChecks: readonly string[];
  /** How the version bump reaches the release branch (rc.via), and why. */
  readonly via: "direct" | "pull-request";
  readonly viaNote: string;
  /** Every check seen on the default branch (the required ones and the rest), for the comment. */
  readonly seenChecks: readonly SeenCheck[];
  /** The package on its index; `found: false` writes the section commented out. */
  readonly pypi: { readonly package: string; readonly found: boolean; readonly indexUrl: string } | null;
  readonly condaForge: { readonly feedstock: string; readonly recipe: string | null } | null;
  /** Where the tag and branch patterns came from, one line each. */
  readonly tagNote: string;
  readonly branchNote: string;
  /** Notes about the version files (dynamic versions, files left out). */
  readonly versionNotes: readonly string[];
}

/** A YAML scalar: bare when it cannot be misread, else double-quoted (JSON strings are valid YAML). */
export function yamlScalar(value: string): string {
  const plain =
    /^[A-Za-z_./][A-Za-z0-9_./@{}-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

function list(values: readonly string[]): string {
  return `[${values.map(yamlScalar).join(", ")}]`;
}

function versionFileEntry(file: ChosenVersionFile, impliedKind: (path: string) => VersionFileKind): string {
  if (file.kind === impliedKind(file.path) && file.marker === undefined) return yamlScalar(file.path);
  const marker = file.marker === undefined ? "" : `, marker: ${yamlScalar(file.marker)}`;
  return `{ path: ${yamlScalar(file.path)}, kind: ${file.kind}${marker} }`;
}

/** The commented release-kit.yml. `impliedKind` is the config's rule for a version file given by path alone. */
export function renderInitConfig(choices: InitChoices, impliedKind: (path: string) => VersionFileKind): string {
  const out: string[] = [
    `# release-kit configuration of ${choices.repo}, written by \`release-kit init\` from what it found there.`,
    "# Every key is described in release-kit's docs/config-reference.md. Check this file with `release-kit config check`.",
    "",
    "# The project: its repository, the files that hold its version, how its tags and release branches are named.",
    "project:",
    "  # The GitHub repository, as owner/name. The default branch is read from it.",
    `  repo: ${yamlScalar(choices.repo)}`,
    choices.versionScheme === "pep440"
      ? "  # Candidates are written 1.20.0rc1 (PEP 440, Python packages); semver would write 1.20.0-rc.1."
      : "  # Candidates are written 1.20.0-rc.1 (SemVer, as the existing tags are); pep440 would write 1.20.0rc1.",
    `  version-scheme: ${choices.versionScheme}`,
    "  # The files whose version line each cut rewrites (one commit: 1.20.0 -> 1.20.0rc1 -> 1.20.0); they must agree.",
  ];
  for (const file of choices.versionFiles) out.push(`  #   ${file.path}: ${file.why ?? "holds the version"}`);
  for (const note of choices.versionNotes) out.push(`  #   ${note}`);
  if (choices.versionFiles.length === 0) {
    out.push("  # No file holding the version was found: name yours here (see project.version-files).");
    out.push("  version-files: [VERSION_NUMBER]");
  } else {
    out.push(`  version-files: [${choices.versionFiles.map((f) => versionFileEntry(f, impliedKind)).join(", ")}]`);
  }
  out.push(
    "  # Tags of candidates and finals; {version} is the full version (1.20.0rc1, 1.20.0).",
    `  #   ${choices.tagNote}`,
    `  tag: ${yamlScalar(choices.tag)}`,
    "  # The branch a release's candidates and final are cut on; {version} is X.Y.Z.",
    `  #   ${choices.branchNote}`,
    `  release-branch: ${yamlScalar(choices.releaseBranch)}`,
    "",
    "# How release candidates (and finals) are cut: `release-kit rc`, `release-kit final`.",
    "rc:",
    "  # Check runs or commit statuses that must be green on the commit a candidate is cut from.",
  );
  const others = choices.seenChecks.filter((c) => !choices.requiredChecks.includes(c.name));
  if (choices.seenChecks.length === 0) out.push("  #   none were reported on the default branch's head");
  else if (others.length > 0)
    out.push(
      `  #   also seen on the default branch, not green there now: ${others.map((c) => `${c.name} (${c.state})`).join(", ")}`,
    );
  out.push(
    `  required-checks: ${list(choices.requiredChecks)}`,
    "  # An open issue or pull request with this label stops a cut.",
    "  blocker-label: release-blocker",
    choices.via === "pull-request"
      ? "  # The version bump reaches the release branch by one pull request per candidate; once merged,"
      : "  # The version bump is committed to the release branch directly; pull-request brings it by a pull request",
    choices.via === "pull-request"
      ? "  # .github/workflows/tag-on-version-bump.yml (or the same command again) tags it."
      : "  # instead (for protected release branches).",
    `  #   ${choices.viaNote}`,
    `  via: ${choices.via}`,
    "",
  );

  if (choices.pypi !== null) {
    const { package: name, found, indexUrl } = choices.pypi;
    out.push(
      "# The package on the Python package index: the checklist and `publish` look for each release's files there.",
    );
    if (found) {
      if (indexUrl !== "") out.push(`#   ${name} is on ${indexUrl}.`);
      out.push("pypi:", "  # Its name on the index.", `  package: ${yamlScalar(name)}`, "");
    } else {
      out.push(
        `#   ${name} is not on ${indexUrl} yet; uncomment once it is (or if it is published under this name):`,
        "# pypi:",
        "#   # Its name on the index.",
        `#   package: ${yamlScalar(name)}`,
        "",
      );
    }
  }

  if (choices.condaForge !== null) {
    const { feedstock, recipe } = choices.condaForge;
    out.push(
      "# The conda-forge feedstock that gets a PR for each candidate (into its rc branch, CFEP-05) and final.",
      `#   ${feedstock} exists${recipe === null ? "" : `; its recipe is recipe/${recipe}`}. PRs come from a fork of the token's user`,
      "#   unless fork-owner names another account.",
      "conda-forge:",
      "  # The feedstock repository, as owner/name.",
      `  feedstock: ${yamlScalar(feedstock)}`,
      "",
    );
  } else {
    out.push("# No conda-forge feedstock was found; see conda-forge: in docs/config-reference.md to add one.", "");
  }

  out.push(
    "# The release checklist issue, made from this template (written next to this file by init).",
    "checklist:",
    "  # Markdown template of the checklist, relative to the repository root.",
    "  template: checklists/release.md",
  );
  return `${out.join("\n")}\n`;
}
