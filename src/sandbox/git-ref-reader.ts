/**
 * Reads the refs of a bare repository from its files, as git itself does: a loose ref is a file under the git
 * directory holding a SHA (or `ref: <target>` for a symbolic one), and `packed-refs` holds the rest, a loose file
 * winning over a packed line. Refs move, so nothing is kept: every read looks at the files again, which costs far
 * less than starting `git rev-parse` or `git for-each-ref`. git writes a ref through a lock file renamed into place,
 * so a read sees the old value or the new one, never half of one.
 *
 * Only plain ref names are read here; anything else (`main~1`, a short SHA, a pattern) returns `undefined` from
 * `canRead` and is left to git.
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

const SHA = /^[0-9a-f]{40}$/;

/** A ref and the object it names (for an annotated tag, the tag object). */
export interface RefEntry {
  readonly ref: string;
  readonly sha: string;
}

/**
 * The rules of `git check-ref-format` (without options): no component empty, starting with "." or ending with
 * ".lock"; no "..", "@{", backslash, control character, space, "~", "^", ":", "?", "*" or "["; not ending with "/" or
 * "."; not "@"; at least two components.
 */
export function isValidRefName(name: string): boolean {
  if (name === "@" || name.endsWith(".") || name.includes("..") || name.includes("@{")) return false;
  for (const char of name) {
    const code = char.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || "~^:?*[\\".includes(char)) return false;
  }
  const parts = name.split("/");
  return parts.length >= 2 && parts.every((part) => part !== "" && !part.startsWith(".") && !part.endsWith(".lock"));
}

/** Whether `name` is `HEAD` or a full `refs/...` name this reader looks up without git's rules for revisions. */
export function isPlainRefName(name: string): boolean {
  return name === "HEAD" || (name.startsWith("refs/") && isValidRefName(name));
}

/**
 * Whether `name` is a short name git would look up only among refs (`main`, `v1.20.0`, `rel-1.20`), not a revision
 * expression or something that could be an abbreviated SHA.
 */
export function isPlainShortName(name: string): boolean {
  if (name === "" || name.startsWith("-") || /^[0-9a-f]{4,40}$/.test(name)) return false;
  return isPlainRefName(`refs/${name}`);
}

export class GitRefReader {
  constructor(private readonly gitDir: string) {}

  /** The SHA `ref` names (following symbolic refs), or undefined when there is no such ref. */
  async read(ref: string): Promise<string | undefined> {
    let name = ref;
    for (let depth = 0; depth < 5; depth++) {
      const loose = await this.readLoose(name);
      if (loose === undefined) return (await this.readPacked()).get(name);
      if (SHA.test(loose)) return loose;
      if (!loose.startsWith("ref: ")) return undefined;
      name = loose.slice(5);
      if (!isPlainRefName(name)) return undefined;
    }
    return undefined;
  }

  /**
   * The refs whose name matches `prefix` as `git for-each-ref <prefix>` matches a literal pattern (the whole name,
   * or the start of it up to a slash), sorted by name as git sorts them.
   */
  async list(prefix: string): Promise<RefEntry[]> {
    const found = new Map<string, string>(await this.readPacked());
    for (const ref of await this.looseRefNames("refs")) {
      const sha = await this.read(ref);
      if (sha) found.set(ref, sha);
      else found.delete(ref);
    }
    const trimmed = prefix.replace(/\/+$/, "");
    const matches = (ref: string) => ref === trimmed || ref.startsWith(`${trimmed}/`);
    return [...found]
      .filter(([ref]) => matches(ref))
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map(([ref, sha]) => ({ ref, sha }));
  }

  /** The content of a loose ref file, trimmed; undefined when there is none (or it is a directory). */
  private async readLoose(ref: string): Promise<string | undefined> {
    try {
      return (await readFile(path.join(this.gitDir, ref), "utf8")).trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") return undefined;
      throw error;
    }
  }

  /** `packed-refs` as name -> SHA (peeled `^` lines skipped). */
  async readPacked(): Promise<Map<string, string>> {
    const packed = new Map<string, string>();
    let text: string;
    try {
      text = await readFile(path.join(this.gitDir, "packed-refs"), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return packed;
      throw error;
    }
    for (const line of text.split("\n")) {
      const m = /^([0-9a-f]{40}) (refs\/\S+)$/.exec(line);
      if (m) packed.set(m[2]!, m[1]!);
    }
    return packed;
  }

  /** Every loose ref file under `dir` (relative to the git directory), skipping lock files. */
  private async looseRefNames(dir: string): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(path.join(this.gitDir, dir), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const names: string[] = [];
    for (const entry of entries) {
      const name = `${dir}/${entry.name}`;
      if (entry.isDirectory()) names.push(...(await this.looseRefNames(name)));
      else if (entry.isFile() && !entry.name.endsWith(".lock")) names.push(name);
    }
    return names;
  }
}
