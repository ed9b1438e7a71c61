/**
 * Log groups that hold their lines: in the CLI a group's title is printed with its first line (never alone), and in
 * an action `::group::` opens at the group's first line and `::endgroup::` follows its last; a group that says
 * nothing leaves nothing behind, in either.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createActionLogger } from "../../src/action/action-logger.js";
import { createConsoleLogger } from "../../src/cli/console-logger.js";

afterEach(() => vi.restoreAllMocks());

describe("the CLI's groups", () => {
  it("prints a title with the first line inside it, indented as nested, and none for a silent group", async () => {
    let err = "";
    const logger = createConsoleLogger((t) => (err += t), false);
    await logger.group("Reading acme/widget", () => Promise.resolve(logger.debug("GET /repos/acme/widget 200")));
    await logger.group("Cutting v1.20.0rc1", async () => {
      await logger.group("Inner", () => Promise.resolve());
      logger.info("committed 1.20.0rc1");
      await logger.group("Waiting", () => Promise.resolve(logger.progress?.("waiting 1 min of 15")));
    });
    expect(err).toBe("Cutting v1.20.0rc1\n  committed 1.20.0rc1\n  Waiting\n    waiting 1 min of 15\n");
  });
});

describe("the action's groups", () => {
  it("opens ::group:: at the first line and closes it after the last; a silent group writes nothing", async () => {
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const logger = createActionLogger();
    await logger.group("Reading acme/widget", () => Promise.resolve(logger.debug("GET /repos/acme/widget 200")));
    await logger.group("Cutting v1.20.0rc1", () => {
      logger.info("committed 1.20.0rc1");
      logger.warning("a warning");
      return Promise.resolve();
    });
    logger.info("after");
    vi.restoreAllMocks();
    expect(out.split("\n")).toEqual([
      "::debug::GET /repos/acme/widget 200",
      "::group::Cutting v1.20.0rc1",
      "committed 1.20.0rc1",
      "::warning::a warning",
      "::endgroup::",
      "after",
      "",
    ]);
  });
});
