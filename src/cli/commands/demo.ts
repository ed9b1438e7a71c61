/** `release-kit demo`: the whole release of a sample project against the embedded sandbox. */
import { InputError } from "../../core/errors.js";
import { runDemo } from "../../demo/run-demo.js";
import type { Command } from "../command.js";

/** The `demo` command. */
export const demoCommand: Command = {
  words: ["demo"],
  summary: "Run the release of a sample project end to end against a local GitHub sandbox, and keep it inspectable",
  usage: "[--exit] [--keep] [--port N]",
  flags: [
    {
      name: "exit",
      type: "boolean",
      description: "stop the sandbox when the story ends (default: keep serving until Ctrl-C)",
    },
    {
      name: "keep",
      type: "boolean",
      description: "keep the work directory (downloads, builds, reports) it prints at the start (default: deleted)",
    },
    {
      name: "port",
      type: "string",
      valueName: "N",
      description: "port of the sandbox on 127.0.0.1 (default: any free port)",
    },
  ],
  async run(flags, ctx) {
    const port = flags.values.port === undefined ? undefined : Number(flags.values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
      throw new InputError(`--port ${String(flags.values.port)} is not a port number; give 0-65535`);
    const result = await runDemo({
      keepServing: flags.values.exit !== true,
      port,
      print: (line) => ctx.stdout(`${line}\n`),
      logger: ctx.globals.verbose ? ctx.logger : undefined,
      signal: ctx.signal,
      keep: flags.values.keep === true,
    });
    if (ctx.globals.json)
      ctx.stdout(
        `${JSON.stringify({ chapters: result.chapters, workDir: result.workDir, kept: flags.values.keep === true, ms: result.ms }, null, 2)}\n`,
      );
    return 0;
  },
};
