/**
 * Python semantics for the Jinja that conda-build renders: recipes call Python `str` methods (`"\\".join(parts)`,
 * `version.split(".")`, `name.replace("-", "_")` replaces every occurrence, `x.startswith(("a", "b"))`, `.format()`)
 * and use `%`-formatting. nunjucks evaluates member calls with JavaScript semantics, so while a recipe renders these
 * are swapped into nunjucks' member lookup and `%` operator, and swapped back afterwards.
 */
import nunjucks from "nunjucks";

type Fn = (...args: unknown[]) => unknown;

/** nunjucks passes keyword arguments as a trailing object marked `__keywords`. */
function splitKeywords(args: unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last && typeof last === "object" && (last as { __keywords?: boolean }).__keywords) {
    const { __keywords: _ignored, ...keywords } = last;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: args, keywords: {} };
}

const text = (value: unknown): string => {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? "";
};

/** A value used as a string argument (Python would refuse a non-string; the recipe author meant its text). */
const str = (value: unknown): string => (typeof value === "string" ? value : text(value));

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? " \t\n\r\x0b\x0c" : str(chars);
  let start = 0;
  let end = s.length;
  while (left && start < end && set.includes(s[start] ?? "")) start++;
  while (right && end > start && set.includes(s[end - 1] ?? "")) end--;
  return s.slice(start, end);
}

function pySplit(s: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === "number" && maxsplit >= 0 ? maxsplit : Infinity;
  if (sep === undefined || sep === null) {
    const parts = s
      .trim()
      .split(/\s+/)
      .filter((p) => p !== "");
    if (limit === Infinity || parts.length <= limit) return parts;
    const out: string[] = [];
    let rest = s.trimStart();
    for (let i = 0; i < limit; i++) {
      const m = /^(\S+)\s+/.exec(rest);
      if (!m) break;
      out.push(m[1] ?? "");
      rest = rest.slice(m[0].length);
    }
    return [...out, rest];
  }
  const separator = str(sep);
  const parts = s.split(separator);
  if (limit === Infinity || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

const affixes = (arg: unknown): string[] => (Array.isArray(arg) ? arg.map(str) : [str(arg)]);

function pyFormat(template: string, args: unknown[]): string {
  const { positional, keywords } = splitKeywords(args);
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, field: string | undefined) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    const name = (field ?? "").split(/[:!]/)[0] ?? "";
    if (name === "") return text(positional[auto++]);
    if (/^\d+$/.test(name)) return text(positional[Number(name)]);
    return text(keywords[name]);
  });
}

/** Python's `str % values`. */
export function percentFormat(template: string, values: unknown): string {
  const list: unknown[] = Array.isArray(values) ? (values as unknown[]) : [values];
  const dict =
    !Array.isArray(values) && values && typeof values === "object" ? (values as Record<string, unknown>) : {};
  let i = 0;
  return template.replace(
    /%(\(([^)]*)\))?([-+ 0#]*\d*(?:\.\d+)?)([sdirfgx%])/g,
    (_m, _k, key: string | undefined, flags: string, kind: string) => {
      if (kind === "%") return "%";
      const value = key !== undefined ? dict[key] : list[i++];
      const precision = /\.(\d+)/.exec(flags)?.[1];
      if (kind === "d" || kind === "i") return String(Math.trunc(Number(value)));
      if (kind === "f") return Number(value).toFixed(precision === undefined ? 6 : Number(precision));
      if (kind === "x") return Math.trunc(Number(value)).toString(16);
      if (kind === "r") return typeof value === "string" ? `'${value}'` : text(value);
      return text(value);
    },
  );
}

/** Python's `%` for the operands of a Jinja expression. */
function pythonMod(left: unknown, right: unknown): unknown {
  if (typeof left === "string") return percentFormat(left, right);
  const a = Number(left);
  const b = Number(right);
  return ((a % b) + b) % b;
}

/** The Python `str` methods recipes use, by name. */
const stringMethods: Record<string, (s: string, ...args: unknown[]) => unknown> = {
  split: (s, sep, maxsplit) => pySplit(s, sep, maxsplit),
  rsplit: (s, sep, maxsplit) => {
    if (typeof maxsplit !== "number" || maxsplit < 0) return pySplit(s, sep, undefined);
    const reversed = pySplit(
      [...s].reverse().join(""),
      sep === undefined ? sep : [...str(sep)].reverse().join(""),
      maxsplit,
    );
    return reversed.map((p) => [...p].reverse().join("")).reverse();
  },
  join: (s, items) => (Array.isArray(items) ? items.map(text).join(s) : [...text(items)].join(s)),
  replace: (s, old, replacement, count) => {
    const from = str(old);
    const parts = s.split(from);
    const n = typeof count === "number" && count >= 0 ? count : parts.length;
    return (
      parts.slice(0, n + 1).join(str(replacement)) + (parts.length > n + 1 ? from + parts.slice(n + 1).join(from) : "")
    );
  },
  startswith: (s, prefix) => affixes(prefix).some((p) => s.startsWith(p)),
  endswith: (s, suffix) => affixes(suffix).some((p) => s.endsWith(p)),
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => stripChars(s, chars, true, true),
  lstrip: (s, chars) => stripChars(s, chars, true, false),
  rstrip: (s, chars) => stripChars(s, chars, false, true),
  title: (s) => s.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  format: (s, ...args) => pyFormat(s, args),
  count: (s, sub) => s.split(str(sub)).length - 1,
  find: (s, sub) => s.indexOf(str(sub)),
  index: (s, sub) => s.indexOf(str(sub)),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  zfill: (s, width) => s.padStart(Number(width), "0"),
  partition: (s, sep) => {
    const at = s.indexOf(str(sep));
    return at === -1 ? [s, "", ""] : [s.slice(0, at), str(sep), s.slice(at + str(sep).length)];
  },
};

const listMethods: Record<string, (list: unknown[], ...args: unknown[]) => unknown> = {
  index: (list, item) => list.indexOf(item),
  count: (list, item) => list.filter((x) => x === item).length,
};

interface NunjucksInternals {
  runtime: { memberLookup: Fn; pythonMod?: Fn };
  compiler: { Compiler: { prototype: Record<string, unknown> } };
}

/** Runs `render` with Python semantics installed in nunjucks; restores nunjucks afterwards (renders are synchronous). */
export function withPythonSemantics<T>(render: () => T): T {
  const internals = nunjucks as unknown as NunjucksInternals;
  const runtime = internals.runtime;
  const compilerProto = internals.compiler.Compiler.prototype;
  const originalLookup = runtime.memberLookup;
  const originalMod = compilerProto.compileMod;
  runtime.memberLookup = function lookup(this: unknown, obj: unknown, name: unknown, ...rest: unknown[]): unknown {
    if (typeof obj === "string" && typeof name === "string" && stringMethods[name]) {
      const method = stringMethods[name];
      return (...args: unknown[]) => method(obj, ...args);
    }
    if (Array.isArray(obj) && typeof name === "string" && listMethods[name]) {
      const method = listMethods[name];
      return (...args: unknown[]) => method(obj, ...args);
    }
    const found = originalLookup.call(this, obj, name, ...rest);
    // A slice of a string is a string in Python (nunjucks' Jinja compatibility gives a list of characters).
    return typeof obj === "string" && Array.isArray(found) ? found.join("") : found;
  };
  runtime.pythonMod = pythonMod;
  compilerProto.compileMod = function compileMod(
    this: { _emit: (s: string) => void; compile: (n: unknown, f: unknown) => void },
    node: { left: unknown; right: unknown },
    frame: unknown,
  ): void {
    this._emit("runtime.pythonMod(");
    this.compile(node.left, frame);
    this._emit(", ");
    this.compile(node.right, frame);
    this._emit(")");
  };
  try {
    return render();
  } finally {
    runtime.memberLookup = originalLookup;
    compilerProto.compileMod = originalMod;
  }
}
