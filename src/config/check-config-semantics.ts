/**
 * Checks the schema cannot express: unique names, placeholders each template may use, keys that only mean
 * something together with another (mode dispatch, kind marker, shell), one of repo or path. Runs on the parsed
 * file after schema defaults; every access is guarded because the file may also have schema problems.
 */
import type { ConfigIssue, KeyPath } from "./config-issue.js";
import { formatKeyPath } from "./config-issue.js";
import { suggestClosest } from "./suggest-closest.js";

/** A full ref where a name belongs: `refs/tags/v{version}` would be read as a tag named "refs/tags/v1.20.0". */
const FULL_REF = /(^|\/)refs\//;

type YamlMap = Readonly<Record<string, unknown>>;

/** Placeholders each template may use. */
const PLACEHOLDERS = {
  releaseBranch: ["version"],
  tag: ["version"],
  publish: ["tag", "version", "branch"],
  install: ["version", "artifact"],
  dispatchInputs: ["version", "tag", "artifact"],
  rcLabel: ["package"],
  checklistTitle: ["version"],
} as const;

/** Problems in a parsed release-kit.yml that the JSON Schema cannot see. */
export function checkConfigSemantics(data: unknown): ConfigIssue[] {
  if (!isMap(data)) return [];
  return [
    ...checkProject(data["project"]),
    ...checkPublish(data["publish"]),
    ...checkCondaForge(data["conda-forge"]),
    ...checkDownstream(data["downstream"]),
    ...checkPartners(data["partners"]),
    ...checkPlaceholders(field(data["checklist"], "title"), ["checklist", "title"], PLACEHOLDERS.checklistTitle),
  ];
}

function checkProject(project: unknown): ConfigIssue[] {
  if (!isMap(project)) return [];
  const issues: ConfigIssue[] = [
    ...checkPlaceholders(project["release-branch"], ["project", "release-branch"], PLACEHOLDERS.releaseBranch),
    ...checkPlaceholders(project["tag"], ["project", "tag"], PLACEHOLDERS.tag),
  ];
  for (const [key, what] of [
    ["tag", "tag"],
    ["release-branch", "branch"],
  ] as const) {
    const pattern = project[key];
    if (typeof pattern === "string" && FULL_REF.test(pattern)) {
      issues.push({
        path: ["project", key],
        message: `names a full ref (expected the ${what} name alone, without refs/, e.g. ${pattern.replace(/^.*refs\/(tags|heads)\//, "")})`,
      });
    }
  }
  if (typeof project["tag"] === "string" && project["tag"] === project["release-branch"]) {
    issues.push({
      path: ["project", "tag"],
      message: `is the same pattern as release-branch (expected a tag name that differs from the branch name, e.g. v{version})`,
    });
  }
  const files = project["version-files"];
  if (Array.isArray(files)) {
    const seen = new Map<string, number>();
    files.forEach((entry: unknown, index) => {
      const path = typeof entry === "string" ? entry : field(entry, "path");
      if (typeof path === "string") {
        const first = seen.get(path);
        if (first !== undefined) {
          issues.push({
            path: ["project", "version-files", index],
            message: `repeats "${path}", already at entry ${first} (expected each file once)`,
          });
        } else seen.set(path, index);
      }
      if (isMap(entry) && entry["marker"] !== undefined && entry["kind"] !== "marker") {
        issues.push({
          path: ["project", "version-files", index, "marker"],
          message: `is only used with kind: marker (expected kind: marker, or no marker)`,
        });
      }
    });
  }
  const support = project["python-support"];
  if (isMap(support) && support["versions"] !== undefined && support["policy"] !== "list") {
    issues.push({
      path: ["project", "python-support", "versions"],
      message: `is only used with policy: list (expected policy: list, or no versions)`,
    });
  }
  return issues;
}

function checkPublish(publish: unknown): ConfigIssue[] {
  if (!isMap(publish)) return [];
  return [
    ...checkPlaceholders(publish["ref"], ["publish", "ref"], PLACEHOLDERS.publish),
    ...checkMapPlaceholders(publish["inputs"], ["publish", "inputs"], PLACEHOLDERS.publish),
    ...checkMapPlaceholders(publish["rc-inputs"], ["publish", "rc-inputs"], PLACEHOLDERS.publish),
  ];
}

function checkCondaForge(conda: unknown): ConfigIssue[] {
  if (!isMap(conda)) return [];
  const issues = checkPlaceholders(conda["rc-label"], ["conda-forge", "rc-label"], PLACEHOLDERS.rcLabel);
  if (conda["rc-marker"] !== undefined && conda["rc-strategy"] !== "main-opt-in") {
    issues.push({
      path: ["conda-forge", "rc-marker"],
      message: `is only used with rc-strategy: main-opt-in (expected rc-strategy: main-opt-in, or no rc-marker)`,
    });
  }
  return issues;
}

function checkDownstream(entries: unknown): ConfigIssue[] {
  if (!Array.isArray(entries)) return [];
  const issues: ConfigIssue[] = [];
  const names = new Map<string, number>();
  entries.forEach((entry: unknown, index) => {
    if (!isMap(entry)) return;
    const at = (...rest: (string | number)[]): KeyPath => ["downstream", index, ...rest];
    const name = entry["name"];
    if (typeof name === "string") {
      const first = names.get(name);
      if (first !== undefined) {
        issues.push({
          path: at("name"),
          message: `"${name}" is already the name of ${formatKeyPath(["downstream", first])} (expected a unique name)`,
        });
      } else names.set(name, index);
    }

    const hasRepo = entry["repo"] !== undefined;
    const hasPath = entry["path"] !== undefined;
    if (hasRepo && hasPath) {
      issues.push({ path: at("path"), message: `cannot be used together with repo (expected one of repo and path)` });
    } else if (!hasRepo && !hasPath) {
      issues.push({
        path: at("repo"),
        message: `is missing (expected owner/name or a git URL, or path: a local directory)`,
      });
    }

    const shell = entry["shell"] === true;
    for (const step of ["prepare", "build", "test", "install"]) {
      if (typeof entry[step] === "string" && !shell) {
        issues.push({
          path: at(step),
          message: `is one string but shell is false (expected an argument list such as [python, -m, pytest], or shell: true)`,
        });
      }
    }
    const install = entry["install"];
    const installArgs = Array.isArray(install) ? install : [install];
    installArgs.forEach((arg: unknown, argIndex) => {
      const path = Array.isArray(install) ? at("install", argIndex) : at("install");
      issues.push(...checkPlaceholders(arg, path, PLACEHOLDERS.install));
    });

    if (entry["mode"] === "dispatch") {
      if (entry["workflow"] === undefined) {
        issues.push({
          path: at("workflow"),
          message: `is missing (expected a workflow file name, required when mode is dispatch)`,
        });
      }
      if (typeof entry["repo"] === "string" && !/^[^/:@]+\/[^/:@]+$/.test(entry["repo"])) {
        issues.push({ path: at("repo"), message: `is a git URL (expected owner/name on GitHub with mode: dispatch)` });
      }
      if (hasPath && !hasRepo) {
        issues.push({
          path: at("path"),
          message: `cannot be dispatched (expected repo: owner/name with mode: dispatch)`,
        });
      }
      for (const step of ["prepare", "build", "test", "install", "shell"]) {
        if (entry[step] !== undefined && !(step === "shell" && entry[step] === false)) {
          issues.push({
            path: at(step),
            message: `is only used with mode: run (expected no ${step} with mode: dispatch)`,
          });
        }
      }
      issues.push(...checkMapPlaceholders(entry["inputs"], at("inputs"), PLACEHOLDERS.dispatchInputs));
    } else {
      if (entry["workflow"] !== undefined) {
        issues.push({
          path: at("workflow"),
          message: `is only used with mode: dispatch (expected mode: dispatch, or no workflow)`,
        });
      }
      if (isMap(entry["inputs"]) && Object.keys(entry["inputs"]).length > 0) {
        issues.push({
          path: at("inputs"),
          message: `is only used with mode: dispatch (expected mode: dispatch, or no inputs)`,
        });
      }
      if (entry["build"] === undefined && entry["test"] === undefined && entry["skip"] === undefined) {
        issues.push({
          path: at("test"),
          message: `is missing, and so is build (expected a build or test command, or skip: with a reason)`,
        });
      }
    }
  });
  return issues;
}

function checkPartners(partners: unknown): ConfigIssue[] {
  if (!Array.isArray(partners)) return [];
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  partners.forEach((entry: unknown, index) => {
    const repo = typeof entry === "string" ? entry : field(entry, "repo");
    if (typeof repo !== "string") return;
    const key = repo.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        path: ["partners", index],
        message: `repeats ${repo}, already at entry ${first} (expected each partner once)`,
      });
    } else seen.set(key, index);
  });
  return issues;
}

function checkMapPlaceholders(map: unknown, path: KeyPath, allowed: readonly string[]): ConfigIssue[] {
  if (!isMap(map)) return [];
  return Object.entries(map).flatMap(([key, value]) => checkPlaceholders(value, [...path, key], allowed));
}

/** Flags `{name}` placeholders a template may not use, with a did-you-mean. */
function checkPlaceholders(value: unknown, path: KeyPath, allowed: readonly string[]): ConfigIssue[] {
  if (typeof value !== "string") return [];
  const issues: ConfigIssue[] = [];
  for (const match of value.matchAll(/\{([A-Za-z_][A-Za-z0-9_-]*)\}/g)) {
    const name = match[1] ?? "";
    if (allowed.includes(name)) continue;
    const guess = suggestClosest(name, allowed);
    const mean = guess === undefined ? "" : `, did you mean {${guess}}?`;
    const expected = allowed.map((p) => `{${p}}`).join(", ");
    issues.push({ path, message: `uses unknown placeholder {${name}}${mean} (expected only ${expected})` });
  }
  return issues;
}

function field(value: unknown, key: string): unknown {
  return isMap(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
