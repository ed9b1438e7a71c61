/**
 * Reads the exported symbols of a shared library with binutils (`nm -D`, or `readelf` where nm is missing), for the
 * artifact contract diff: a symbol the candidate no longer exports breaks code linked against the last release.
 */
import { RemoteError } from "../../core/errors.js";
import { runProcess } from "../processes.js";

/**
 * Exported (defined, dynamic) symbols of a shared library, sorted: `nm -D --defined-only`, or `readelf --dyn-syms`
 * where nm is missing. Version suffixes (`@@GLIBC_2.2.5`) are kept: a changed symbol version breaks linking too.
 */
export async function readDynamicSymbols(file: string): Promise<string[]> {
  const nm = await runProcess("nm", ["-D", "--defined-only", file]);
  if (nm.ok) return parseNm(nm.stdout);
  const readelf = await runProcess("readelf", ["--dyn-syms", "--wide", file]);
  if (readelf.ok) return parseReadelf(readelf.stdout);
  throw new RemoteError(
    `cannot list the symbols of ${file} (nm: ${nm.failure}; readelf: ${readelf.failure}): install binutils`,
  );
}

/** Symbol names from `nm -D --defined-only` lines (`ADDRESS TYPE NAME`). */
export function parseNm(output: string): string[] {
  const names = new Set<string>();
  for (const line of output.split("\n")) {
    const match = /^\s*[0-9a-fA-F]*\s+([A-Za-z])\s+(\S+)\s*$/.exec(line);
    // Lower-case types are local; `U` (undefined) does not appear with --defined-only but is excluded anyway.
    if (match && match[1] !== undefined && match[2] !== undefined && /[A-TV-Z]/.test(match[1])) names.add(match[2]);
  }
  return [...names].sort();
}

/** Symbol names from `readelf --dyn-syms --wide` (global or weak, default or protected visibility, defined). */
export function parseReadelf(output: string): string[] {
  const names = new Set<string>();
  for (const line of output.split("\n")) {
    const cols = line.trim().split(/\s+/);
    // Num: Value Size Type Bind Vis Ndx Name
    if (cols.length < 8 || !/^\d+:$/.test(cols[0] ?? "")) continue;
    const [, , , , bind, vis, ndx, name] = cols;
    if (ndx === "UND" || name === undefined) continue;
    if ((bind === "GLOBAL" || bind === "WEAK") && (vis === "DEFAULT" || vis === "PROTECTED")) names.add(name);
  }
  return [...names].sort();
}
