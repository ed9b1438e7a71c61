/**
 * Renders a conda-build `meta.yaml` with nunjucks, standing in for conda-build's Jinja: its functions (`compiler()`,
 * `pin_subpackage()`, `load_setup_py_data()`...) and globals (`environ`, `os`, `python_min`...) are stubs, and
 * selectors stay as they are (they are YAML comments), so every alternative source line survives the rendering.
 */
import nunjucks from "nunjucks";
import { parseDocument } from "yaml";
import { InputError } from "../errors.js";
import type { RenderedRecipe } from "./recipe-layout.js";
import { scanMetaYamlSources, textLines } from "./meta-yaml-lines.js";

const environ = new Proxy(
  { get: (_key: unknown, fallback?: unknown) => fallback ?? "" },
  { get: (target, key) => (key === "get" ? target.get : key === "__keywords" ? undefined : "") },
);

const stubData = (): Record<string, unknown> => ({ get: (_key: unknown, fallback?: unknown) => fallback ?? "" });

/** The values conda-build puts in a recipe's Jinja context, as neutral stubs (a linux-64 build on python_min). */
function condaBuildContext(): Record<string, unknown> {
  return {
    None: null,
    True: true,
    False: false,
    compiler: (lang: unknown) => `${String(lang)}_compiler_stub`,
    stdlib: (lang: unknown) => `${String(lang)}_stdlib_stub`,
    cdt: (name: unknown) => `${String(name)}-cdt-stub`,
    pin_compatible: (name: unknown) => String(name),
    pin_subpackage: (name: unknown) => String(name),
    load_setup_py_data: stubData,
    load_file_data: stubData,
    load_file_regex: () => null,
    load_str_data: stubData,
    environ,
    os: { environ, sep: "/", path: { join: (...parts: unknown[]) => parts.map(String).join("/") } },
    python_min: "3.10",
    target_platform: "linux-64",
    build_platform: "linux-64",
    cuda_compiler_version: "None",
    PYTHON: "python",
    PY_VER: "3.10",
    CONDA_PY: "310",
    RECIPE_DIR: ".",
    SRC_DIR: ".",
  };
}

/**
 * Python tuples (`x in (None, "None")`) are not nunjucks syntax; inside Jinja tags, a parenthesised list after `in`
 * becomes a list, which means the same for membership.
 */
function adaptJinja(text: string): string {
  return text.replace(/\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g, (tag) =>
    tag.replace(/\bin\s*\(([^()]*,[^()]*)\)/g, (_m, items: string) => `in [${items}]`),
  );
}

/** The meta.yaml text after Jinja, or an InputError naming what could not be rendered. */
export function renderMetaYamlText(text: string): string {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  // Jinja compatibility (slices, `True`/`None`, dict methods) patches nunjucks globally; undo it before returning.
  const uninstall = nunjucks.installJinjaCompat() as unknown as (() => void) | undefined;
  try {
    return env.renderString(adaptJinja(text), condaBuildContext());
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
    throw new InputError(`recipe/meta.yaml: cannot render its Jinja (${message}); simplify that expression`);
  } finally {
    uninstall?.();
  }
}

/** The package version and sources of a meta.yaml, rendered; `parseYaml` also checks the result is valid YAML. */
export function renderMetaYaml(text: string, options: { parseYaml?: boolean } = {}): RenderedRecipe {
  const rendered = renderMetaYamlText(text);
  const scanned = scanMetaYamlSources(textLines(rendered));
  let version: string | undefined;
  if (options.parseYaml) {
    const doc = parseDocument(rendered, { schema: "failsafe", uniqueKeys: false });
    const first = doc.errors[0];
    if (first) {
      throw new InputError(`recipe/meta.yaml renders to invalid YAML (${first.message.split("\n")[0]})`);
    }
    const node = doc.getIn(["package", "version"]);
    version = typeof node === "string" ? node : undefined;
  } else {
    version = renderedPackageVersion(rendered);
  }
  return {
    version,
    sources: scanned.sources.map((s) => ({ url: s.url, sha256: s.sha256?.value.value })),
  };
}

/** `package: version:` read from rendered text without a YAML parse. */
function renderedPackageVersion(rendered: string): string | undefined {
  const lines = textLines(rendered);
  let inPackage = false;
  for (const line of lines) {
    if (/^package\s*:/.test(line.text)) inPackage = true;
    else if (/^\S/.test(line.text) && !line.text.startsWith("#")) inPackage = false;
    const match = inPackage ? /^\s+version\s*:\s*["']?([^"'\s#]+)/.exec(line.text) : null;
    if (match) return match[1];
  }
  return undefined;
}
