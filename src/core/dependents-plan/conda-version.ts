/**
 * conda's version ordering and version specs, enough to tell whether a dependent's pin admits a candidate.
 * conda orders differently from PEP 440 where it matters here: a bound without a pre-release tag is not special, so
 * `1.20.0rc1 < 1.20.0 == 1.20` and `<1.20` admits 1.20.0rc1, while conda-forge's `<1.20.0a0` excludes it.
 * https://docs.conda.io/projects/conda/en/stable/user-guide/concepts/pkg-specs.html#version-ordering
 */

type Part = number | string;

/** One version split as conda's VersionOrder does: epoch, then dot-separated components of numbers and strings. */
function parse(version: string): Part[][] {
  let text = version.trim().toLowerCase().replace(/-/g, "_");
  let epoch = 0;
  const bang = text.indexOf("!");
  if (bang >= 0) {
    epoch = Number(text.slice(0, bang)) || 0;
    text = text.slice(bang + 1);
  }
  const plus = text.indexOf("+");
  if (plus >= 0) text = text.slice(0, plus);
  const components = text.split(/[._]/).map((component) => {
    const parts: Part[] = (component.match(/\d+|[a-z]+|\*/g) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    // conda: a component that starts with a string gets an implicit 0 in front ('rc1' -> [0, 'rc', 1]).
    if (typeof parts[0] === "string") parts.unshift(0);
    return parts;
  });
  return [[epoch], ...components];
}

/** conda's order of two parts: `dev` below every string, strings below numbers, `post` above everything. */
function comparePart(a: Part, b: Part): number {
  if (a === b) return 0;
  const rank = (p: Part): number => (p === "dev" ? 0 : typeof p === "string" ? (p === "post" ? 3 : 1) : 2);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Compares two conda versions: negative, zero or positive. Missing components and parts count as 0. */
export function compareCondaVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const ca = pa[i] ?? [0];
    const cb = pb[i] ?? [0];
    for (let j = 0; j < Math.max(ca.length, cb.length); j++) {
      const c = comparePart(ca[j] ?? 0, cb[j] ?? 0);
      if (c !== 0) return c;
    }
  }
  return 0;
}

/** Whether `version` starts with the components of `prefix` (conda's `1.19.*`, and a bare `1.19` in a recipe). */
function startsWith(version: string, prefix: string): boolean {
  const v = parse(version).slice(1);
  const p = parse(prefix).slice(1);
  if (p.length > v.length) return false;
  // As conda's VersionOrder.startswith: whole components up to the last one of the prefix, whose parts must begin
  // the version's component (1.20.0.* matches 1.20.0rc1; 1.2.* does not match 1.20).
  const last = p.length - 1;
  for (let i = 0; i < last; i++) {
    const a = p[i] ?? [];
    const b = v[i] ?? [];
    for (let j = 0; j < Math.max(a.length, b.length); j++) if (comparePart(a[j] ?? 0, b[j] ?? 0) !== 0) return false;
  }
  const tail = p[last] ?? [];
  const other = v[last] ?? [];
  return tail.every((part, j) => j < other.length && comparePart(part, other[j]!) === 0);
}

/** One constraint of a spec (`>=1.19`, `<1.20.0a0`, `1.19.*`, `==1.20.0rc1`, `1.19`). */
function admitsConstraint(constraint: string, version: string): boolean {
  const m = /^(>=|<=|==|!=|~=|>|<|=)?\s*(.+)$/.exec(constraint.trim());
  if (!m) return true;
  const op = m[1] ?? "";
  const target = (m[2] ?? "").trim();
  const wildcard = target.endsWith("*");
  const base = target.replace(/\.?\*$/, "");
  switch (op) {
    case ">=":
      return compareCondaVersions(version, base) >= 0;
    case ">":
      return compareCondaVersions(version, base) > 0;
    case "<=":
      return compareCondaVersions(version, base) <= 0;
    case "<":
      return compareCondaVersions(version, base) < 0;
    case "==":
      return wildcard ? startsWith(version, base) : compareCondaVersions(version, base) === 0;
    case "!=":
      return wildcard ? !startsWith(version, base) : compareCondaVersions(version, base) !== 0;
    case "~=":
      return compareCondaVersions(version, base) >= 0 && startsWith(version, base.split(".").slice(0, -1).join("."));
    default:
      // `=1.19` and a bare `1.19` (a recipe's `python 3.10`) match the 1.19 series, like `1.19.*`.
      return startsWith(version, base);
  }
}

/** Whether a conda version spec (`>=1.19,<1.20.0a0|1.21.*`; `,` binds tighter than `|`) admits `version`. */
export function specAdmits(spec: string, version: string): boolean {
  const trimmed = spec.trim();
  if (trimmed === "" || trimmed === "*") return true;
  return trimmed.split("|").some((alternative) =>
    alternative
      .split(",")
      .filter((c) => c.trim() !== "")
      .every((c) => admitsConstraint(c, version)),
  );
}
