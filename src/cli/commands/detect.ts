/** `release-kit detect --ref REF`: does the version file at REF name a candidate or final that is not tagged yet? */
import { detectVersion, renderDetectText } from "../../flows/detect/detect-version.js";
import { InputError } from "../../core/errors.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";

/** `release-kit detect`. */
export const detectCommand: Command = {
  words: ["detect"],
  summary: "Tell whether the version files at a ref name a new release candidate or final (no tag yet)",
  usage: "--ref REF [--no-rc] [--json]",
  flags: [
    {
      name: "ref",
      type: "string",
      valueName: "REF",
      description: "branch, tag or SHA to read the version files at (default: GITHUB_SHA)",
    },
    {
      name: "no-rc",
      type: "boolean",
      description: "a final with no candidate tagged is new (as final.no-rc: true); otherwise it is nothing to do",
    },
  ],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const ref = stringFlag(parsed.values, "ref") ?? ctx.env.GITHUB_SHA;
    if (ref === undefined) throw new InputError("--ref is required: give the branch, tag or SHA to look at");
    const gh = gitHubFor(ctx, false, config);
    const result = await detectVersion(gh, config, ref, { noRc: parsed.values["no-rc"] === true });
    ctx.stdout(ctx.globals.json ? `${JSON.stringify(result, null, 2)}\n` : renderDetectText(result));
    return 0;
  },
};
