/**
 * Where a new release's source file may be, when the recipe's URL rendered at the new version does not exist: the
 * variants the conda-forge autotick bot also tries (a GitHub tag with or without its `v`, another archive extension,
 * a release asset instead of a tag archive) and the package index's sdist under its current file name (PEP 625
 * normalized names, `_` for `-`, lower case). Pure: URL templates in, URL templates out; the flow checks which exist.
 */

/** The archive extensions the index and code hosts serve, longest first so `.tar.gz` wins over `.gz`. */
const archiveExtensions = [".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".tar"];

/** The package index's hosts (pypi.io is an old alias that still redirects). */
export const packageIndexHosts = /^https?:\/\/(pypi\.io|pypi\.org|pypi\.python\.org|files\.pythonhosted\.org)\//;

/** A path under the index's per-file digest folders: `/packages/6f/0a/<60 hex>/`, which serves exactly one file. */
export const digestPathPattern = /\/packages\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{60}\//;

/** The Jinja spelling of a recipe format: `{{ x }}` in meta.yaml, `${{ x }}` in recipe.yaml. */
export interface TemplateSyntax {
  readonly open: "{{ " | "${{ ";
}

/** The version reference of the syntax. */
export function versionRef(syntax: TemplateSyntax): string {
  return `${syntax.open}version }}`;
}

const versionExpr = /\$?\{\{\s*version\s*\}\}/;

/** Variants of a URL template in the order worth trying: tag prefix, extension, release asset vs tag archive. */
export function transformedUrlTemplates(template: string): string[] {
  const out: string[] = [];
  const add = (candidate: string): void => {
    if (candidate !== template && !out.includes(candidate)) out.push(candidate);
  };
  const vToggled = toggleVPrefix(template);
  const bases = vToggled ? [template, vToggled] : [template];
  for (const base of bases) add(base);
  for (const base of bases) for (const variant of extensionVariants(base)) add(variant);
  for (const base of [...bases]) {
    const swapped = githubReleaseSwap(base);
    if (swapped) {
      add(swapped);
      for (const variant of extensionVariants(swapped)) add(variant);
    }
  }
  return out;
}

/** `v{{ version }}` <-> `{{ version }}` (the first occurrence). */
function toggleVPrefix(template: string): string | undefined {
  const match = versionExpr.exec(template);
  if (!match) return undefined;
  const at = match.index;
  if (at > 0 && template[at - 1] === "v") return template.slice(0, at - 1) + template.slice(at);
  return template.slice(0, at) + "v" + template.slice(at);
}

function extensionVariants(template: string): string[] {
  const ext = archiveExtensions.find((e) => template.endsWith(e));
  if (!ext) return [];
  const stem = template.slice(0, -ext.length);
  return archiveExtensions.filter((e) => e !== ext).map((e) => stem + e);
}

/** A GitHub tag archive <-> a release asset named after the project (both are how projects publish sdists). */
function githubReleaseSwap(template: string): string | undefined {
  const m = /^(https:\/\/github\.com\/[^/]+\/([^/]+))\/archive\/(refs\/tags\/)?(.+)$/.exec(template);
  if (m) {
    const [, repo = "", project = "", , file = ""] = m;
    const tag = file.replace(/\.(tar\.gz|tar\.bz2|tar\.xz|tgz|zip|tar)$/, "");
    return `${repo}/releases/download/${tag}/${project}-${file.replace(/^v(?=\$?\{\{)/, "")}`;
  }
  return undefined;
}

/** What the index says about the new release's sdist. */
export interface IndexSdist {
  /** The project name on the index (the folder of `/packages/source/<c>/<project>/`). */
  readonly project: string;
  readonly filename: string;
}

/** The sdist among a release's files: the one whose name ends with `-<version><archive extension>`. */
export function pickSdist(
  files: readonly { readonly filename: string; readonly packagetype: string }[],
  version: string,
): { filename: string; extension: string } | undefined {
  for (const ext of archiveExtensions) {
    const file = files.find((f) => f.filename.endsWith(`-${version}${ext}`) && f.packagetype !== "bdist_wheel");
    if (file) return { filename: file.filename, extension: ext };
  }
  return undefined;
}

/** Ways recipes spell a file name from the `name` variable, as (template body, how it renders). */
function nameSpellings(syntax: TemplateSyntax): { template: string; render: (name: string) => string }[] {
  const meta = syntax.open === "{{ ";
  const under = meta ? "name.replace('-', '_')" : "name | replace('-', '_')";
  const dash = meta ? "name.replace('_', '-')" : "name | replace('_', '-')";
  const spellings: { template: string; render: (name: string) => string }[] = [
    { template: "name", render: (n) => n },
    { template: under, render: (n) => n.replace(/-/g, "_") },
    { template: "name | lower", render: (n) => n.toLowerCase() },
    { template: dash, render: (n) => n.replace(/_/g, "-") },
    { template: `${under} | lower`, render: (n) => n.replace(/-/g, "_").toLowerCase() },
  ];
  return spellings.map((s) => ({ template: `${syntax.open}${s.template} }}`, render: s.render }));
}

/**
 * The URL template of the index's sdist: the old URL's folder (or `/packages/source/<c>/<project>/` when the old one
 * was a per-file digest folder) and the new file name, spelled from `name` when a spelling of it matches.
 */
export function indexSdistTemplate(
  oldTemplate: string,
  sdist: IndexSdist,
  version: string,
  options: { readonly syntax: TemplateSyntax; readonly name?: string | undefined },
): string {
  const ext = archiveExtensions.find((e) => sdist.filename.endsWith(`-${version}${e}`)) ?? "";
  const prefix = sdist.filename.slice(0, sdist.filename.length - version.length - ext.length - 1);
  let fileTemplate = `${prefix}-${versionRef(options.syntax)}${ext}`;
  const name = options.name;
  if (name !== undefined) {
    const spelling = nameSpellings(options.syntax).find((s) => s.render(name) === prefix);
    if (spelling) fileTemplate = `${spelling.template}-${versionRef(options.syntax)}${ext}`;
  }
  let folder = oldTemplate.slice(0, oldTemplate.lastIndexOf("/") + 1);
  if (digestPathPattern.test(oldTemplate) || !/\/packages\/source\//.test(folder)) {
    const host = /^https?:\/\/[^/]+/.exec(oldTemplate)?.[0] ?? "https://pypi.org";
    const project =
      name !== undefined && name === sdist.project
        ? `${options.syntax.open}name[0] }}/${options.syntax.open}name }}`
        : `${sdist.project[0] ?? ""}/${sdist.project}`;
    folder = `${host}/packages/source/${project}/`;
  }
  return folder + fileTemplate;
}

/** Project names worth asking the index for: the URL's project folder, the `name` variable, the package names. */
export function indexNameCandidates(renderedUrl: string, names: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  const add = (n: string | undefined): void => {
    if (!n || /[{}$\s]/.test(n)) return;
    for (const v of [n, n.toLowerCase().replace(/[-_.]+/g, "-")]) if (!out.includes(v)) out.push(v);
  };
  const source = /\/packages\/source\/[^/]+\/([^/]+)\//.exec(renderedUrl)?.[1];
  add(source ? decodeURIComponent(source) : undefined);
  for (const n of names) add(n);
  // A digest path names the file only: its project is the file name before the version.
  const file = renderedUrl.split("/").pop() ?? "";
  add(/^(.+?)-\d/.exec(file)?.[1]);
  return out;
}

/** A URL the user gave, templated: every occurrence of the version becomes the recipe's version reference. */
export function templateUserUrl(url: string, version: string, syntax: TemplateSyntax): string {
  return url.split(version).join(versionRef(syntax));
}

/** Whether a rendered URL still names `oldVersion` (as a whole version, not a prefix of a longer one). */
export function namesVersion(url: string, oldVersion: string): boolean {
  const escaped = oldVersion.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^0-9A-Za-z.])v?${escaped}(?![0-9A-Za-z]|\\.[0-9])`).test(url);
}
