/**
 * `release-kit init`: writes release-kit.yml, checklists/release.md and the release-candidate caller workflow for a
 * project, from what it detects in a local checkout (or, with --repo, through the API), then checks the
 * configuration and prints the command to run next.
 */
import path from "node:path";
import { displayPath } from "../../config/index.js";
import { InputError } from "../../core/errors.js";
import { validatePin } from "../../core/init/pin-caller-workflow.js";
import { initProject } from "../../flows/init/init-project.js";
import { initJson, renderInitText } from "../../flows/init/render-init.js";
import { apiReader, localReader, type RepoReader } from "../../flows/init/repo-reader.js";
import type { Command } from "../command.js";
import { gitHubFor, stringFlag } from "../command-environment.js";

const DEFAULT_INDEX_URL = "https://pypi.org";

/** `release-kit init`. */
export const initCommand: Command = {
  words: ["init"],
  summary: "Set up release-kit in a project: detect its versions, tags and checks, write release-kit.yml and more",
  usage: "[--yes] [--repo OWNER/NAME] [--dir DIR] [--force] [--dry-run]",
  flags: [
    {
      name: "yes",
      type: "boolean",
      short: "y",
      description:
        "take every detected value without asking (required when stdin is not a terminal: init refuses rather than guess)",
    },
    {
      name: "repo",
      type: "string",
      valueName: "OWNER/NAME",
      description:
        "read the project through the GitHub API (GITHUB_API_URL, GITHUB_TOKEN) instead of a local checkout; files go into --dir",
    },
    {
      name: "dir",
      type: "string",
      valueName: "DIR",
      description:
        "the checkout to read and write in (its root), or with --repo the directory to write into (default: the current one)",
    },
    { name: "force", type: "boolean", description: "overwrite files that exist (default: keep them and say so)" },
    {
      name: "release-kit-repo",
      type: "string",
      valueName: "REPO",
      description: "the release-kit repository (OWNER/NAME) the caller workflows run (with --release-kit-ref)",
    },
    {
      name: "release-kit-ref",
      type: "string",
      valueName: "SHA",
      description:
        "the full commit SHA of release-kit the caller workflow pins (default: the examples' placeholder, to replace)",
    },
  ],
  async run(parsed, ctx) {
    const v = parsed.values;
    const repo = stringFlag(v, "repo");
    if (repo !== undefined && !/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repo))
      throw new InputError(`--repo "${repo}" is not OWNER/NAME, e.g. onnx/onnx`);
    const pinRepo = stringFlag(v, "release-kit-repo");
    const pinRef = stringFlag(v, "release-kit-ref");
    if ((pinRepo === undefined) !== (pinRef === undefined))
      throw new InputError("--release-kit-repo and --release-kit-ref go together: give both, or neither");
    const pin = pinRepo !== undefined && pinRef !== undefined ? validatePin(pinRepo, pinRef) : null;
    const yes = v.yes === true;
    if (!yes && ctx.ask === undefined)
      throw new InputError(
        "init asks to confirm each detected value and there is no terminal to ask at: pass --yes to take the detected values",
      );

    const gh = gitHubFor(ctx, false);
    const dirFlag = stringFlag(v, "dir");
    const given = path.resolve(ctx.cwd, dirFlag ?? ".");
    let reader: RepoReader;
    let dir = given;
    if (repo !== undefined) reader = await apiReader(gh, repo);
    else {
      const local = await localReader(given);
      reader = local;
      // A checkout's files go to its root (where release-kit.yml is looked for), wherever in it init was run.
      dir = local.root;
    }
    const configFile = path.join(dir, "release-kit.yml");
    const configArg =
      path.resolve(ctx.cwd, ctx.globals.config ?? "release-kit.yml") === configFile
        ? null
        : displayPath(ctx.cwd, configFile);
    const result = await initProject(
      gh,
      reader,
      {
        dir,
        dryRun: ctx.globals.dryRun,
        force: v.force === true,
        pin,
        indexUrl: (ctx.env.PYPI_URL || DEFAULT_INDEX_URL).replace(/\/+$/, ""),
        configArg,
        ...(yes || ctx.ask === undefined ? {} : { ask: ctx.ask }),
      },
      ctx.logger,
    );
    ctx.stdout(
      ctx.globals.json
        ? `${JSON.stringify(initJson(result, ctx.globals.dryRun), null, 2)}\n`
        : renderInitText(result, ctx.globals.dryRun),
    );
    for (const problem of result.configProblems) ctx.stderr(`${problem}\n`);
    return result.configProblems.length === 0 ? 0 : 1;
  },
};
