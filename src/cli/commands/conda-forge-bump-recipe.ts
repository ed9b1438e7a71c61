/**
 * `release-kit conda-forge bump-recipe DIR --version V --sha256 HEX...`: bumps a local feedstock checkout in place
 * (recipe version, hashes, build number; the rc label override) and prints a unified diff. Everything is validated
 * and self-checked before any file is written; `--dry-run` prints the diff and writes nothing.
 */
import { existsSync } from "node:fs";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { clean as cleanPep440 } from "@renovatebot/pep440";
import { mapPublicUrl } from "../../adapters/public-url.js";
import { createPackageIndexClient } from "../../adapters/package-index.js";
import { createUrlProbe } from "../../adapters/url-probe.js";
import { InputError } from "../../core/errors.js";
import { expandPackageVersion } from "../../core/recipe/package-version-template.js";
import type { RecipeFormat } from "../../core/recipe/recipe-layout.js";
import { planFeedstockEdit } from "../../core/recipe/plan-feedstock-edit.js";
import type { ChannelEdit } from "../../core/recipe/plan-feedstock-edit.js";
import { unifiedDiff } from "../../core/text-diff.js";
import { resolveSourceUrls } from "../../flows/conda-forge/resolve-source-urls.js";
import type { Command, CommandContext, ParsedFlags } from "../command.js";

/** The validated flags. */
interface BumpRecipeSettings {
  readonly dir: string;
  readonly version: string;
  readonly sha256s: readonly string[];
  readonly channel: ChannelEdit | undefined;
  /** `--url`: the new release's file of each version-dependent source, in recipe order. */
  readonly urls: readonly string[];
  readonly offline: boolean;
  /** `--package-version`: the package version the recipe must render to, when it is not the upstream version. */
  readonly packageVersion: string | undefined;
}

const sha256Pattern = /^[0-9a-fA-F]{64}$/;

function parseSettings(flags: ParsedFlags, cwd: string): BumpRecipeSettings {
  const [dirArg, ...extra] = flags.positionals;
  if (dirArg === undefined) throw new InputError("missing DIR: give the feedstock checkout (the folder with recipe/)");
  if (extra.length > 0) throw new InputError(`unexpected argument "${extra[0]}"; give one feedstock DIR`);
  const version = flags.values.version;
  if (typeof version !== "string" || version === "") {
    throw new InputError("missing --version: give the new version, e.g. --version 1.20.0rc1");
  }
  const canonical = cleanPep440(version);
  if (canonical === null) {
    throw new InputError(`--version ${version} is not a PEP 440 version (expected e.g. 1.20.0 or 1.20.0rc1)`);
  }
  if (canonical !== version) {
    throw new InputError(`--version ${version} is not in canonical PEP 440 form; use --version ${canonical}`);
  }
  const raw = flags.values.sha256;
  const sha256s = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  if (sha256s.length === 0) {
    throw new InputError("missing --sha256: give the sha256 of each version-dependent source, in recipe order");
  }
  const bad = sha256s.find((sha) => !sha256Pattern.test(sha));
  if (bad !== undefined) throw new InputError(`--sha256 ${bad} is not a sha256 (expected 64 hexadecimal digits)`);
  const label = flags.values["rc-label"];
  const final = flags.values.final === true;
  if (typeof label === "string" && final) throw new InputError("give either --rc-label LABEL or --final, not both");
  const channel: ChannelEdit | undefined =
    typeof label === "string" ? { kind: "rc-label", label } : final ? { kind: "final" } : undefined;
  const rawUrls = flags.values.url;
  const urls = rawUrls === undefined ? [] : Array.isArray(rawUrls) ? rawUrls : [String(rawUrls)];
  const packageVersionFlag = flags.values["package-version"];
  const packageVersion =
    typeof packageVersionFlag === "string"
      ? expandPackageVersion(packageVersionFlag, version, "--package-version")
      : undefined;
  return {
    dir: path.resolve(cwd, dirArg),
    version,
    sha256s: sha256s.map((s) => s.toLowerCase()),
    channel,
    urls,
    offline: flags.values.offline === true,
    packageVersion,
  };
}

/**
 * `conda-forge.package-version` of the project's configuration, when there is one (--config, or release-kit.yml in
 * the working directory): bump-recipe works on a bare feedstock checkout too, so a missing default file is no error.
 */
async function configuredPackageVersion(ctx: CommandContext, version: string): Promise<string | undefined> {
  if (ctx.globals.config === undefined && !existsSync(path.join(ctx.cwd, "release-kit.yml"))) return undefined;
  // Loaded only then: a bare feedstock bump needs none of the config modules (the schema validator among them).
  const { displayPath, loadConfig, resolveConfigPath } = await import("../../config/index.js");
  const file = resolveConfigPath(ctx.cwd, ctx.globals.config);
  const template = (await loadConfig(file, { displayName: displayPath(ctx.cwd, file) })).condaForge?.packageVersion;
  return template === undefined ? undefined : expandPackageVersion(template, version, "conda-forge.package-version");
}

async function readIfPresent(file: string): Promise<string | undefined> {
  return existsSync(file) ? readFile(file, "utf8") : undefined;
}

const resolutionWords: Record<string, string> = {
  exists: "exists",
  "package-index": "found on the package index",
  variant: "the recipe's URL does not exist; this variant does",
  given: "given with --url",
  unchanged: "does not change with the version; exists",
  "not-checked": "not checked: --offline",
  pending: "not found yet",
};

/** A hash given with --sha256 must be the one the package index lists for the file it found. */
function checkIndexHashes(
  resolved: readonly { url: string; indexSha256?: string }[],
  bumped: readonly { url: string; sha256: string }[],
): void {
  for (const source of resolved) {
    const given = bumped.find((b) => b.url === source.url);
    if (source.indexSha256 && given && given.sha256 !== source.indexSha256) {
      throw new InputError(
        `--sha256 ${given.sha256} is not the package index's sha256 of ${source.url} (${source.indexSha256}); check the hash`,
      );
    }
  }
}

/** The `conda-forge bump-recipe` command. */
export const condaForgeBumpRecipeCommand: Command = {
  words: ["conda-forge", "bump-recipe"],
  summary: "Bump a local feedstock's recipe to a new version (hashes, build number, rc label) and print the diff",
  usage:
    "DIR --version V --sha256 HEX [--sha256 HEX ...] [--url URL ...] [--offline] [--package-version V] [--rc-label LABEL | --final]",
  allowPositionals: true,
  flags: [
    { name: "version", type: "string", valueName: "V", description: "the new version (PEP 440, e.g. 1.20.0rc1)" },
    {
      name: "sha256",
      type: "string",
      multiple: true,
      valueName: "HEX",
      description: "sha256 of each source whose URL depends on the version, in recipe order",
    },
    {
      name: "rc-label",
      type: "string",
      valueName: "LABEL",
      description: "set channel_targets to conda-forge LABEL in recipe/conda_build_config.yaml (e.g. onnx_rc)",
    },
    { name: "final", type: "boolean", description: "remove any channel_targets override (a final goes to main)" },
    {
      name: "url",
      type: "string",
      multiple: true,
      valueName: "URL",
      description:
        "the new release's file of each version-dependent source, in recipe order (default: the recipe's URL, else the package index's sdist, else a tag/extension variant)",
    },
    {
      name: "offline",
      type: "boolean",
      description: "do not check that the source URLs exist (warned); a URL naming the old file is still refused",
    },
    {
      name: "package-version",
      type: "string",
      valueName: "V",
      description:
        "the package version the recipe builds when it differs from --version: a version or a template such as 4.{version} (default: conda-forge.package-version of the config, if any)",
    },
  ],
  async run(flags, ctx) {
    const settings = parseSettings(flags, ctx.cwd);
    const packageVersion = settings.packageVersion ?? (await configuredPackageVersion(ctx, settings.version));
    const dirStat = await stat(settings.dir).catch(() => undefined);
    if (!dirStat?.isDirectory()) throw new InputError(`${settings.dir} is not a directory; give a feedstock checkout`);
    const candidates: RecipeFormat[] = ["meta.yaml", "recipe.yaml"];
    const found = candidates.filter((format) => existsSync(path.join(settings.dir, "recipe", format)));
    const format = found[0];
    if (format === undefined) {
      throw new InputError(`${settings.dir} has no recipe/meta.yaml or recipe/recipe.yaml; give a feedstock checkout`);
    }
    if (found.length > 1) {
      throw new InputError(`${settings.dir} has both recipe/meta.yaml and recipe/recipe.yaml; remove the stale one`);
    }
    const recipeText = await readFile(path.join(settings.dir, "recipe", format), "utf8");
    const cbcFile = path.join(settings.dir, "recipe", "conda_build_config.yaml");
    const resolved = await resolveSourceUrls(
      { format, recipeText, version: settings.version, userUrls: settings.urls, offline: settings.offline },
      {
        probe: createUrlProbe(ctx.env),
        index: createPackageIndexClient(mapPublicUrl("https://pypi.org", ctx.env)),
        logger: ctx.logger,
      },
    );
    const edit = planFeedstockEdit({
      format,
      recipeText: resolved.text,
      originalRecipeText: recipeText,
      ...(packageVersion !== undefined ? { expectedPackageVersion: packageVersion } : {}),
      condaBuildConfigText: await readIfPresent(cbcFile),
      version: settings.version,
      sha256s: settings.sha256s,
      ...(settings.channel ? { channel: settings.channel } : {}),
    });

    const diff = edit.files
      .map((file) =>
        unifiedDiff(file.before, file.after, {
          fromName: file.before === undefined ? "/dev/null" : `a/${file.path}`,
          toName: file.after === undefined ? "/dev/null" : `b/${file.path}`,
        }),
      )
      .join("");
    checkIndexHashes(resolved.sources, edit.sources);
    for (const kept of edit.keptBuildNumbers) {
      ctx.logger.warning(
        `recipe/${format} line ${kept.line} keeps the build number \`${kept.text}\` (conda-forge's bot resets only number:, build and build_number); set it to 0 if this feedstock restarts it per version`,
      );
    }
    for (const [i, source] of resolved.sources.entries()) {
      ctx.logger.info(`source ${i + 1}: ${source.url} (${resolutionWords[source.how]})`);
    }
    if (ctx.globals.json) {
      ctx.stdout(
        `${JSON.stringify({ dryRun: ctx.globals.dryRun, format, ...edit, files: edit.files.map((f) => f.path), sourceUrls: resolved.sources, diff }, null, 2)}\n`,
      );
    } else {
      ctx.stdout(diff);
    }
    if (ctx.globals.dryRun) {
      ctx.logger.info(`dry run: ${edit.files.length} file(s) would change; nothing written`);
      return 0;
    }
    for (const file of edit.files) {
      const target = path.join(settings.dir, file.path);
      if (file.after === undefined) await rm(target, { force: true });
      else await writeFile(target, file.after, "utf8");
    }
    ctx.logger.info(
      `bumped ${format} to ${settings.version}: ${edit.changes.length} value(s) changed, ${edit.files.length} file(s) written` +
        (edit.needsRerender ? "; the build config changed, so the feedstock needs a rerender" : ""),
    );
    return 0;
  },
};
