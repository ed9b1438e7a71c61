/**
 * conda's version ordering, written from its documented rules (conda docs, "VersionOrder"; CEP 33), so that
 * release-kit orders feedstock versions the way conda and conda-forge's bots do:
 * - an optional integer epoch `N!` is compared first; an optional local part after `+` only when all else is equal;
 * - the version splits into components at `.` and `_` (a `-` counts as `_`); a single trailing `_` stays part of the
 *   last component as a string (openssl-like versions: `1.1_` < `1.1a1`);
 * - each component splits into runs of digits and non-digits, lower-cased; a component that starts with a letter gets
 *   a 0 in front, so `1.1.a1` == `1.1.0a1`;
 * - a missing component or subcomponent counts as the integer 0, so `1.1` == `1.1.0`;
 * - `dev` < any other string < any integer < `post`; strings compare lexicographically, integers numerically.
 * Why this matters: conda does NOT order like PEP 440 everywhere: `1.20.0.dev1` sorts after `1.20.0rc1` in conda.
 */
import { InputError } from "../errors.js";

/** One subcomponent: an integer (kept as its digits, so any length compares exactly) or a string. */
type Atom = { readonly kind: "int"; readonly digits: string } | { readonly kind: "str"; readonly text: string };

interface CondaVersion {
  readonly epoch: string;
  readonly version: readonly (readonly Atom[])[];
  readonly local: readonly (readonly Atom[])[];
}

const ZERO: Atom = { kind: "int", digits: "0" };

/** Orders two conda version strings: negative when a < b, 0 when equal, positive when a > b. */
export function condaVersionCompare(a: string, b: string): number {
  const x = parseCondaVersion(a);
  const y = parseCondaVersion(b);
  return (
    compareDigits(x.epoch, y.epoch) || compareComponents(x.version, y.version) || compareComponents(x.local, y.local)
  );
}

function parseCondaVersion(text: string): CondaVersion {
  const value = text.trim().toLowerCase().replace(/-/g, "_");
  const bad = (why: string): InputError =>
    new InputError(`"${text}" is not a conda version (${why}): use letters, digits, "." and "_", e.g. 1.20.0rc1`);
  if (value === "") throw bad("it is empty");
  if (!/^[0-9a-z._!+]+$/.test(value)) throw bad("it has characters other than letters, digits, . _ ! +");
  const bang = value.split("!");
  if (bang.length > 2) throw bad("it has more than one epoch mark !");
  const epoch = bang.length === 2 ? (bang[0] ?? "") : "0";
  if (!/^\d+$/.test(epoch)) throw bad("its epoch is not a whole number");
  const rest = bang[bang.length - 1] ?? "";
  const plus = rest.split("+");
  if (plus.length > 2) throw bad("it has more than one local version mark +");
  return {
    epoch,
    version: splitComponents(plus[0] ?? "", bad),
    local: plus.length === 2 ? splitComponents(plus[1] ?? "", bad) : [],
  };
}

function splitComponents(part: string, bad: (why: string) => InputError): Atom[][] {
  // A single trailing underscore is kept as a string subcomponent of the last component, not read as a separator.
  const trailingUnderscore = part.endsWith("_") && !part.endsWith("__");
  const body = trailingUnderscore ? part.slice(0, -1) : part;
  const pieces = body.split(/[._]/);
  if (pieces.some((piece) => piece === "")) throw bad("it has an empty part");
  return pieces.map((piece, index) => {
    const atoms: Atom[] = (piece.match(/\d+|\D+/g) ?? []).map((run) =>
      /^\d/.test(run) ? { kind: "int", digits: run } : { kind: "str", text: run },
    );
    if (trailingUnderscore && index === pieces.length - 1) atoms.push({ kind: "str", text: "_" });
    if (atoms[0]?.kind === "str") atoms.unshift(ZERO);
    return atoms;
  });
}

function compareComponents(a: readonly (readonly Atom[])[], b: readonly (readonly Atom[])[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? [ZERO];
    const y = b[i] ?? [ZERO];
    for (let j = 0; j < Math.max(x.length, y.length); j++) {
      const order = compareAtoms(x[j] ?? ZERO, y[j] ?? ZERO);
      if (order !== 0) return order;
    }
  }
  return 0;
}

/** dev (0) < other strings (1) < integers (2) < post (3); then within a rank. */
function rank(atom: Atom): number {
  if (atom.kind === "int") return 2;
  if (atom.text === "dev") return 0;
  if (atom.text === "post") return 3;
  return 1;
}

function compareAtoms(a: Atom, b: Atom): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return Math.sign(byRank);
  if (a.kind === "int" && b.kind === "int") return compareDigits(a.digits, b.digits);
  if (a.kind === "str" && b.kind === "str") return a.text === b.text ? 0 : a.text < b.text ? -1 : 1;
  return 0;
}

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return Math.sign(x.length - y.length);
  return x === y ? 0 : x < y ? -1 : 1;
}
