/**
 * What `release-kit init` writes: each file it would make, and whether it writes it, overwrites it (`--force`) or
 * keeps the one that is there. An existing file is never touched without `--force`: init is safe to run again.
 */

/** A file init makes, relative to the directory it writes into. */
export interface InitFile {
  readonly path: string;
  readonly text: string;
  /** What it is, in a few words (`the configuration`, `the checklist template`). */
  readonly what: string;
}

/** write: new; overwrite: exists and --force; keep: exists, left as it is. */
export type InitFileAction = "write" | "overwrite" | "keep";

/** A file of the plan. */
export interface PlannedInitFile extends InitFile {
  readonly action: InitFileAction;
}

/** Decides each file's action from which paths exist already. */
export function planInitFiles(
  wanted: readonly InitFile[],
  existing: ReadonlySet<string>,
  force: boolean,
): PlannedInitFile[] {
  return wanted.map((file) => ({
    ...file,
    action: !existing.has(file.path) ? "write" : force ? "overwrite" : "keep",
  }));
}

/** The line that says what happens to a file, as the plan (dry run) or the result prints it. */
export function describeInitFile(file: PlannedInitFile, dryRun: boolean): string {
  const verb =
    file.action === "keep"
      ? "kept (it exists; --force overwrites it)"
      : dryRun
        ? file.action === "write"
          ? "would write"
          : "would overwrite"
        : file.action === "write"
          ? "wrote"
          : "overwrote";
  return file.action === "keep" ? `${file.path}: ${verb}` : `${verb} ${file.path} (${file.what})`;
}

/** The command to run next: a dry run of the first candidate, with `--config` when the file is not in the cwd. */
export function nextCommand(version: string, configArg: string | null): string {
  const config = configArg === null ? "" : ` --config ${configArg}`;
  return `release-kit rc --version ${version} --dry-run${config}`;
}
