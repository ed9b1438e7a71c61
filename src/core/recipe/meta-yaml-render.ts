/**
 * Renders a conda-build `meta.yaml` with nunjucks, standing in for conda-build's Jinja: its functions (`compiler()`,
 * `pin_subpackage()`, `load_setup_py_data()`...) and globals (`environ`, `os`, `python_min`...) are stubs, and
 * selectors stay as they are (they are YAML comments), so every alternative source line survives the rendering.
 */
import nunjucks from "nunjucks";
import { parseDocument } from "yaml";
import { InputError } from "../errors.js";
import type { RenderedRecipe } from "./recipe-layout.js";
import { withPythonSemantics } from "./jinja-python-methods.js";
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
    os: {
      environ,
      sep: "/",
      pathsep: ":",
      getenv: (_key: unknown, fallback?: unknown) => fallback ?? "",
      path: { join: (...parts: unknown[]) => parts.map(String).join("/"), sep: "/" },
    },
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
 * Python tuples (`x in (None, "None")`, `"%s.%s" % (a, b)`, `.startswith(("a", "b"))`) are not nunjucks syntax: a
 * parenthesised group with a top-level comma that is not a call's argument list becomes a list, which means the same
 * for membership, formatting and affix tests.
 */
function tuplesToLists(expression: string): string {
  const chars = [...expression];
  const stack: { at: number; tuple: boolean; commas: boolean }[] = [];
  let quote: string | undefined;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? "";
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      continue;
    }
    if (ch === "(" || ch === "[") {
      let j = i - 1;
      while (j >= 0 && /\s/.test(chars[j] ?? "")) j--;
      const before = chars.slice(Math.max(0, j - 5), j + 1).join("");
      const afterKeyword = /(^|[^\w])(in|and|or|not|if|else|is)$/.test(before);
      const isCall = ch === "(" && j >= 0 && !afterKeyword && /[\w\])'"]/.test(chars[j] ?? "");
      stack.push({ at: i, tuple: ch === "(" && !isCall, commas: false });
    } else if (ch === ")" || ch === "]") {
      const open = stack.pop();
      if (open && ch === ")" && open.tuple && open.commas) {
        chars[open.at] = "[";
        chars[i] = "]";
      }
    } else if (ch === "," && stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top) top.commas = true;
    }
  }
  return chars.join("");
}

function adaptJinja(text: string): string {
  return text.replace(/\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g, (tag) => tuplesToLists(tag));
}

/** The name the skeleton's literals are passed under (no recipe uses it). */
const literalsName = "__release_kit_literals";

/**
 * The recipe as a template that does not change on a bump, and the values it leaves out: each `{% set NAME = "..." %}`
 * string (the version, a hash variable) becomes a lookup, each 64-hex word outside Jinja (a hash) an expression. One
 * bump renders the recipe at the old version, the new one, a probe version, with the old and the new hashes: all of
 * them share one skeleton, so the template is compiled once. Line numbers stay, for error messages.
 */
function skeletonOf(text: string): { skeleton: string; literals: string[] } {
  const literals: string[] = [];
  // A `{% raw %}` block would print an expression put into it: such a recipe is compiled as written.
  if (/\{%-?\s*raw\b/.test(text)) return { skeleton: text, literals };
  const slot = (value: string): string => `${literalsName}[${literals.push(value) - 1}]`;
  const skeleton = text.replace(
    /\{#[\s\S]*?#\}|\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}|(?<![0-9A-Za-z])[0-9a-fA-F]{64}(?![0-9A-Za-z])/g,
    (token) => {
      if (!token.startsWith("{")) return `{{ ${slot(token)} }}`;
      const set = /^(\{%-?\s*set\s+[A-Za-z_]\w*\s*=\s*)(["'])([^"'\\\n]*)\2(\s*-?%\})$/.exec(token);
      return set ? `${set[1]}${slot(set[3] ?? "")}${set[4]}` : token;
    },
  );
  return { skeleton, literals };
}

/** Compiled skeletons (a few: one bump has one or two, one per source URL it tries). */
const compiledTemplates = new Map<string, nunjucks.Template>();

function renderOnce(text: string): string {
  const { skeleton, literals } = skeletonOf(text);
  // Jinja compatibility (slices, `True`/`None`, dict methods) patches nunjucks globally; undo it before returning.
  const uninstall = nunjucks.installJinjaCompat() as unknown as (() => void) | undefined;
  try {
    return withPythonSemantics(() => {
      let template = compiledTemplates.get(skeleton);
      if (!template) {
        const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
        template = new nunjucks.Template(adaptJinja(skeleton), env);
      }
      const output = template.render({ ...condaBuildContext(), [literalsName]: literals });
      if (!compiledTemplates.has(skeleton)) {
        if (compiledTemplates.size >= 8) compiledTemplates.delete(compiledTemplates.keys().next().value as string);
        compiledTemplates.set(skeleton, template);
      }
      return output;
    });
  } finally {
    uninstall?.();
  }
}

/** The top-level sections a bump needs rendered: the package version, the sources and their hashes, the build number. */
const bumpSections = new Set(["package", "source", "build"]);

/**
 * The text with the Jinja of every other top-level section (requirements, test, about, outputs...) neutralised, so
 * an expression there that cannot be evaluated here (a build-machine variable, an unusual method) never blocks a bump.
 */
export function neutraliseOtherSections(text: string): string {
  let section: string | undefined;
  return text
    .split("\n")
    .map((line) => {
      const key = /^([A-Za-z_][\w-]*)\s*:/.exec(line);
      if (key) section = key[1];
      if (section === undefined || bumpSections.has(section)) return line;
      return line
        .replace(/\{\{[^{}]*?\}\}/g, "jinja-not-rendered")
        .replace(/\{%(-?)\s*(el)?if\b[^%]*?(-?)%\}/g, "{%$1 $2if False $3%}")
        .replace(/\{%(-?)\s*for\s+([\w, ]+?)\s+in\b[^%]*?(-?)%\}/g, "{%$1 for $2 in [] $3%}")
        .replace(/\{%(-?)\s*set\s+(\w+)\s*=[^%]*?(-?)%\}/g, '{%$1 set $2 = "" $3%}');
    })
    .join("\n");
}

/** A nunjucks error as one line naming the recipe line and the expression, in the recipe's words. */
function describeRenderError(error: unknown, text: string): string {
  const raw = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
  const where = /\[Line (\d+), Column (\d+)\]/.exec(raw);
  const reason = raw
    .replace(/^\(unknown path\)\s*/, "")
    .replace(/\[Line \d+, Column \d+\]\s*/, "")
    .replace(/^Error:\s*/, "")
    .replace(/Template render error:\s*/, "")
    .replace(/\["([^"\]]+)"\]/g, ".$1")
    .replace(/Unable to call `([^`]+)`, which is undefined or falsey/, "`$1` is not defined")
    .replace(/^\(unknown path\)\s*/, "");
  if (!where) return `recipe/meta.yaml: cannot render its Jinja (${reason})`;
  // nunjucks counts lines from 0.
  const lineNo = Number(where[1]) + 1;
  const line = (text.split("\n")[lineNo - 1] ?? "").trim();
  return `recipe/meta.yaml line ${lineNo}: cannot evaluate \`${line}\` (${reason})`;
}

/** The meta.yaml text after Jinja, or an InputError naming the file, line and expression that could not be rendered. */
export function renderMetaYamlText(text: string): string {
  try {
    return renderOnce(text);
  } catch (error) {
    const relaxed = neutraliseOtherSections(text);
    if (relaxed !== text) {
      try {
        return renderOnce(relaxed);
      } catch {
        // Report the first error, on the recipe as written.
      }
    }
    throw new InputError(describeRenderError(error, text));
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
