/**
 * `release-kit sandbox serve`: runs the local GitHub + package index until SIGINT/SIGTERM. The first lines
 * are `NAME=value` for GITHUB_API_URL, GITHUB_SERVER_URL and PYPI_URL, so a script can read them.
 */
import { InputError } from "../../core/errors.js";
import { parseFaultSpec } from "../../sandbox/faults.js";
import { loadSeedFile, normalizeSeed } from "../../sandbox/seed.js";
import { startSandbox } from "../../sandbox/server.js";
import type { Command } from "../command.js";
import { countOf } from "../../core/plural.js";

/** The `sandbox serve` command. */
export const sandboxServeCommand: Command = {
  words: ["sandbox", "serve"],
  summary: "Serve a local GitHub REST API, web host and package index for offline runs and tests",
  usage: "[--seed FILE] [--port N] [--state DIR] [--faults SPEC]",
  flags: [
    {
      name: "seed",
      type: "string",
      valueName: "FILE",
      description: "seed YAML (tokens, repos, packages); default: empty",
    },
    { name: "port", type: "string", valueName: "N", description: "port on 127.0.0.1 (default: any free port)" },
    {
      name: "state",
      type: "string",
      valueName: "DIR",
      description: "keep repositories and state here, reused on restart",
    },
    {
      name: "faults",
      type: "string",
      valueName: "SPEC",
      description:
        "inject faults, e.g. rate=0.2,seed=7,kinds=502+503+secondary+429+drop,crash-after-writes=3 or limit=secondary-429,limit-reset=90",
    },
  ],
  async run(flags, ctx) {
    const v = flags.values;
    const port = v.port === undefined ? 0 : Number(v.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new InputError(`--port ${String(v.port)} is not a port number; give 0-65535`);
    let faults;
    try {
      faults = typeof v.faults === "string" ? parseFaultSpec(v.faults) : undefined;
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    let seed;
    try {
      seed = typeof v.seed === "string" ? await loadSeedFile(v.seed) : normalizeSeed({}, ctx.cwd);
    } catch (error) {
      throw new InputError(`${(error as Error).message}; fix the seed file (format: README, "Sandbox seed file")`);
    }
    let sandbox;
    try {
      sandbox = await startSandbox(seed, {
        port,
        stateDir: typeof v.state === "string" ? v.state : undefined,
        faults,
      });
    } catch (error) {
      // What only applying the seed finds out (an import whose refs match nothing) is still a seed file to fix.
      const message = (error as Error).message;
      if (message.startsWith("sandbox seed:"))
        throw new InputError(`${message}; fix the seed file (format: README, "Sandbox seed file")`);
      throw error;
    }
    for (const [name, value] of Object.entries(sandbox.env())) ctx.stdout(`${name}=${value}\n`);
    ctx.logger.info(
      `sandbox: ${countOf(seed.repos.length, "repository", "repositories")}, ${countOf(seed.tokens.length, "token")}, ${countOf(seed.packages.length, "package file")}; Ctrl-C to stop`,
    );
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await sandbox.stop();
    ctx.logger.info("sandbox stopped");
    return 0;
  },
};
