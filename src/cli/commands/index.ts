/** Every CLI command, found by its words. */
import type { Command } from "../command.js";
import { configCheckCommand } from "./config-check.js";
import { sandboxServeCommand } from "./sandbox-serve.js";
import { finalCommand, rcCommand } from "./cut.js";

/** The registry the CLI dispatches on. */
export const commands: readonly Command[] = [rcCommand, finalCommand, configCheckCommand, sandboxServeCommand];
