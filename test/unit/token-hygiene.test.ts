import { describe, expect, it } from "vitest";
import { findTokenLeaks } from "../helpers/captured-logs.js";

describe("token hygiene scan", () => {
  it("finds a token printed anywhere in captured output, but not in the runner's ::add-mask:: command", () => {
    const logs = [
      { source: "action", text: "::add-mask::t-secret\nstarting\n" },
      { source: "cli", text: "ok\nAuthorization: token t-secret\n" },
    ];
    expect(findTokenLeaks(logs, ["t-secret"])).toEqual(["cli: Authorization: token t-secret"]);
    expect(findTokenLeaks(logs.slice(0, 1), ["t-secret"])).toEqual([]);
  });
});
