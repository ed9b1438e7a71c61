/** The CLI's command registry: every command listed under the words and summary its module declares, none twice. */
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands/index.js";

describe("the CLI's command registry", () => {
  it("lists each command under the words and summary its module declares", async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.words, entry.words.join(" ")).toEqual(entry.words);
      expect(command.summary, entry.words.join(" ")).toBe(entry.summary);
    }
  });

  it("has no two commands with the same words", () => {
    const keys = commands.map((entry) => entry.words.join(" "));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
