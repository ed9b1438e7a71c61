/**
 * Turns a valid, schema-defaulted release-kit.yml (kebab-case) into the typed `ReleaseKitConfig` (camelCase),
 * filling the defaults that depend on other keys (conda package name, rc label, index URLs, version file kinds).
 */
import type {
  CondaForgeConfig,
  DownstreamCategory,
  DownstreamConfig,
  GateLevel,
  PartnerConfig,
  ProjectConfig,
  PublishConfig,
  PypiConfig,
  ReleaseKitConfig,
  StepTimeouts,
  VersionFileConfig,
  VersionFileKind,
} from "./config-types.js";

type StringMap = Readonly<Record<string, string>>;
type Command = string | readonly string[];

/** The file after schema validation and defaults: keys as written in YAML. */
interface ConfigFile {
  project: {
    repo: string;
    "version-scheme": "pep440" | "semver";
    "version-files": (string | { path: string; kind?: VersionFileKind; marker?: string })[];
    "release-branch": string;
    tag: string;
    "default-branch"?: string;
    "sign-off": boolean;
    "commit-author"?: string;
    "python-support"?: { policy: "spec-0" | "nep-29" | "list"; versions?: string[] };
  };
  rc: {
    "required-checks": string[];
    "blocker-label": string;
    via: "direct" | "pull-request";
    "pr-branch": string;
    "pr-labels": string[];
    "next-dev-pr": boolean;
    "release-notes": { since: "previous-final" };
  };
  final: {
    "no-rc": boolean;
    gates: Record<
      "downstream-regressions" | "candidate-files" | "feedstock-ci" | "release-blockers" | "partner-issues",
      GateLevel
    >;
  };
  publish?: {
    workflow: string;
    ref: string;
    inputs: StringMap;
    "rc-inputs"?: StringMap;
    "timeout-minutes": number;
    "index-wait-minutes": number;
    "index-url"?: string;
    "rc-index-url"?: string;
  };
  pypi?: { package: string; "index-url": string };
  "conda-forge"?: {
    feedstock: string;
    "fork-owner"?: string;
    package?: string;
    "rc-strategy": "rc-branch" | "main-opt-in";
    "rc-branch": string;
    "create-rc-branch": boolean;
    "rc-label": string;
    "rc-marker"?: string;
    "package-version"?: string;
    rerender: "auto" | "always" | "never";
    "source-wait-minutes": number;
    "max-download-mb": number;
    dependents: {
      feedstock: string;
      mode: "conda-package" | "vendored-source";
      branch?: string;
      platforms?: string[];
      "cmake-define"?: string;
      "build-scripts": string[];
      "source-folder": string;
      "pin-file"?: string;
      "source-patches": string[];
      "source-patch-strip": number;
    }[];
    "label-wait-minutes": number;
  };
  downstream: {
    name: string;
    repo?: string;
    path?: string;
    ref?: string;
    platforms: string[];
    prepare?: Command;
    build?: Command;
    test?: Command;
    install?: Command;
    shell: boolean;
    env: StringMap;
    "timeout-minutes"?: number | StepTimeouts;
    skip?: string;
    "skip-tests"?: string;
    quiet?: string;
    mode: "run" | "dispatch";
    workflow?: string;
    inputs: StringMap;
  }[];
  "downstream-check": {
    shards: number;
    retries: number;
    concurrency: number | "auto";
    "fail-on": DownstreamCategory[];
    "poll-seconds": number;
    "timeout-minutes"?: number;
  };
  partners: (string | { repo: string; template?: string })[];
  checklist: { template: string; title: string; labels: string[]; "lessons-dir": string };
  github: { "rate-limit-wait-minutes": number };
}

const DEFAULT_INDEX_URL = "https://pypi.org";

/** The typed, deeply frozen configuration of a file that passed the schema and the semantic checks. */
export function resolveConfig(valid: unknown): ReleaseKitConfig {
  const file = valid as ConfigFile;
  const pypi: PypiConfig | undefined = file.pypi && { package: file.pypi.package, indexUrl: file.pypi["index-url"] };
  const config: ReleaseKitConfig = {
    project: resolveProject(file.project),
    rc: {
      requiredChecks: file.rc["required-checks"],
      blockerLabel: file.rc["blocker-label"],
      via: file.rc.via,
      prBranch: file.rc["pr-branch"],
      prLabels: file.rc["pr-labels"],
      nextDevPr: file.rc["next-dev-pr"],
      releaseNotes: { since: file.rc["release-notes"].since },
    },
    final: {
      noRc: file.final["no-rc"],
      gates: {
        downstreamRegressions: file.final.gates["downstream-regressions"],
        candidateFiles: file.final.gates["candidate-files"],
        feedstockCi: file.final.gates["feedstock-ci"],
        releaseBlockers: file.final.gates["release-blockers"],
        partnerIssues: file.final.gates["partner-issues"],
      },
    },
    ...(file.publish && { publish: resolvePublish(file.publish, pypi) }),
    ...(pypi && { pypi }),
    ...(file["conda-forge"] && { condaForge: resolveCondaForge(file["conda-forge"], pypi, file.project.repo) }),
    downstream: file.downstream.map(resolveDownstream),
    downstreamCheck: {
      shards: file["downstream-check"].shards,
      retries: file["downstream-check"].retries,
      concurrency: file["downstream-check"].concurrency,
      failOn: file["downstream-check"]["fail-on"],
      pollSeconds: file["downstream-check"]["poll-seconds"],
      ...defined("timeoutMinutes", file["downstream-check"]["timeout-minutes"]),
    },
    partners: file.partners.map((p): PartnerConfig =>
      typeof p === "string" ? { repo: p } : { repo: p.repo, ...defined("template", p.template) },
    ),
    checklist: {
      template: file.checklist.template,
      title: file.checklist.title,
      labels: file.checklist.labels,
      lessonsDir: file.checklist["lessons-dir"],
    },
    github: { rateLimitWaitMinutes: file.github["rate-limit-wait-minutes"] },
  };
  // Structured clone first: YAML aliases share objects, and the caller's data must not be frozen under it.
  return deepFreeze(structuredClone(config));
}

function resolveProject(project: ConfigFile["project"]): ProjectConfig {
  const support = project["python-support"];
  return {
    repo: project.repo,
    versionScheme: project["version-scheme"],
    versionFiles: project["version-files"].map(resolveVersionFile),
    releaseBranch: project["release-branch"],
    tag: project.tag,
    ...defined("defaultBranch", project["default-branch"]),
    signOff: project["sign-off"],
    ...defined("commitAuthor", project["commit-author"]),
    ...(support && { pythonSupport: { policy: support.policy, ...defined("versions", support.versions) } }),
  };
}

/** A version file entry with its kind: given, or inferred from the file name. */
function resolveVersionFile(entry: ConfigFile["project"]["version-files"][number]): VersionFileConfig {
  const path = typeof entry === "string" ? entry : entry.path;
  const kind = typeof entry === "string" || entry.kind === undefined ? inferVersionFileKind(path) : entry.kind;
  const marker = typeof entry === "string" ? undefined : entry.marker;
  return { path, kind, ...defined("marker", marker) };
}

/** The version file kind a file name implies: pyproject.toml, package.json, *.py, else plain. */
export function inferVersionFileKind(path: string): VersionFileKind {
  const base = path.split("/").pop() ?? path;
  if (base === "pyproject.toml") return "pyproject";
  if (base === "package.json") return "package-json";
  if (base.endsWith(".py")) return "python";
  return "plain";
}

function resolvePublish(publish: NonNullable<ConfigFile["publish"]>, pypi: PypiConfig | undefined): PublishConfig {
  const indexUrl = publish["index-url"] ?? pypi?.indexUrl ?? DEFAULT_INDEX_URL;
  return {
    workflow: publish.workflow,
    ref: publish.ref,
    inputs: publish.inputs,
    rcInputs: publish["rc-inputs"] ?? publish.inputs,
    timeoutMinutes: publish["timeout-minutes"],
    indexWaitMinutes: publish["index-wait-minutes"],
    indexUrl,
    rcIndexUrl: publish["rc-index-url"] ?? indexUrl,
  };
}

function resolveCondaForge(
  conda: NonNullable<ConfigFile["conda-forge"]>,
  pypi: PypiConfig | undefined,
  repo: string,
): CondaForgeConfig {
  const pkg = conda.package ?? (pypi?.package ?? repo.split("/")[1] ?? repo).toLowerCase();
  return {
    feedstock: conda.feedstock,
    ...defined("forkOwner", conda["fork-owner"]),
    package: pkg,
    rcStrategy: conda["rc-strategy"],
    rcBranch: conda["rc-branch"],
    createRcBranch: conda["create-rc-branch"],
    rcLabel: conda["rc-label"].replaceAll("{package}", pkg),
    ...defined("rcMarker", conda["rc-marker"]),
    ...defined("packageVersion", conda["package-version"]),
    rerender: conda.rerender,
    sourceWaitMinutes: conda["source-wait-minutes"],
    maxDownloadMb: conda["max-download-mb"],
    dependents: conda.dependents.map((d) => ({
      feedstock: d.feedstock,
      mode: d.mode,
      ...defined("branch", d.branch),
      platforms: d.platforms ?? [],
      ...defined("cmakeDefine", d["cmake-define"]),
      buildScripts: d["build-scripts"],
      sourceFolder: d["source-folder"].replaceAll("{package}", pkg),
      ...defined("pinFile", d["pin-file"]),
      sourcePatches: d["source-patches"],
      sourcePatchStrip: d["source-patch-strip"],
    })),
    labelWaitMinutes: conda["label-wait-minutes"],
  };
}

function resolveDownstream(entry: ConfigFile["downstream"][number]): DownstreamConfig {
  const timeout = entry["timeout-minutes"];
  const timeoutMinutes: StepTimeouts =
    typeof timeout === "number" ? { prepare: timeout, build: timeout, test: timeout } : (timeout ?? {});
  return {
    name: entry.name,
    ...defined("repo", entry.repo),
    ...defined("path", entry.path),
    ...defined("ref", entry.ref),
    platforms: entry.platforms,
    ...defined("prepare", commandArgs(entry.prepare)),
    ...defined("build", commandArgs(entry.build)),
    ...defined("test", commandArgs(entry.test)),
    ...defined("install", commandArgs(entry.install)),
    shell: entry.shell,
    env: entry.env,
    timeoutMinutes,
    ...defined("skip", entry.skip),
    ...defined("skipTests", entry["skip-tests"]),
    ...defined("quiet", entry.quiet),
    mode: entry.mode,
    ...defined("workflow", entry.workflow),
    inputs: entry.inputs,
  };
}

/** A command as an argument array; a shell command line (allowed only with shell: true) becomes one element. */
function commandArgs(command: Command | undefined): readonly string[] | undefined {
  if (command === undefined) return undefined;
  return typeof command === "string" ? [command] : command;
}

/** `{ key: value }` when value is set, `{}` otherwise, so absent keys stay absent (and out of printed output). */
function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
