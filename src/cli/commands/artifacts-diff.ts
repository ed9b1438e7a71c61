/**
 * `release-kit artifacts diff BASELINE CANDIDATE`: compares two wheels, sdists or directories (files, exported
 * symbols of shared libraries, Python metadata); exit 1 when the candidate breaks the contract.
 */
import { resolve } from "node:path";
import { diffArtifacts } from "../../core/artifacts/diff-artifacts.js";
import { renderArtifactDiff } from "../../core/artifacts/render-artifact-diff.js";
import { InputError } from "../../core/errors.js";
import { snapshotArtifact } from "../../adapters/artifacts/snapshot-artifact.js";
import type { Command } from "../command.js";

/** The `artifacts diff` command. */
export const artifactsDiffCommand: Command = {
  words: ["artifacts", "diff"],
  summary: "Diff two wheels, sdists or directories: files, exported symbols, Python metadata",
  usage: "BASELINE CANDIDATE",
  allowPositionals: true,
  flags: [],
  async run(flags, ctx) {
    const [baseline, candidate, ...extra] = flags.positionals;
    if (baseline === undefined || candidate === undefined || extra.length > 0) {
      throw new InputError(
        "give two artifacts: release-kit artifacts diff BASELINE CANDIDATE (wheels, sdists or directories)",
      );
    }
    const diff = diffArtifacts(
      await snapshotArtifact(resolve(ctx.cwd, baseline)),
      await snapshotArtifact(resolve(ctx.cwd, candidate)),
    );
    ctx.stdout(ctx.globals.json ? `${JSON.stringify(diff, null, 2)}\n` : renderArtifactDiff(diff));
    return diff.regressions.length > 0 ? 1 : 0;
  },
};
