/** describeFailure, where every error becomes one line and an exit code: user errors, GitHub answers and bugs. */
import { describe, expect, it } from "vitest";
import { ConfigError, InputError, RemoteError, describeFailure } from "../../src/core/errors.js";

describe("describeFailure: the one place errors become a line and an exit code", () => {
  it("a user error is its own message, one line, exit 2 for input and config", () => {
    expect(describeFailure(new InputError('--version "x"\nis not valid'))).toMatchObject({
      message: '--version "x" is not valid',
      exitCode: 2,
      isBug: false,
    });
    expect(describeFailure(new ConfigError("bad key"))).toMatchObject({ exitCode: 2, isBug: false });
    expect(describeFailure(new RemoteError("GitHub did not answer"))).toMatchObject({ exitCode: 1, isBug: false });
  });
  it("control characters in quoted user text cannot reach the terminal", () => {
    expect(describeFailure(new InputError("tag \u001b[2Jx\ry")).message).toBe("tag \ufffd[2Jx y");
  });
  it("an unexpected GitHub answer is reported plainly, not as a bug", () => {
    const error = Object.assign(new Error("Resource not accessible by integration"), {
      status: 403,
      request: { method: "POST", url: "https://api.github.com/repos/a/b/git/refs" },
    });
    expect(describeFailure(error)).toMatchObject({ exitCode: 1, isBug: false });
    expect(describeFailure(error).message).toMatch(
      /^GitHub answered 403 to POST https:\/\/api\.github\.com\/repos\/a\/b\/git\/refs: Resource not accessible/,
    );
  });
  it("anything else is a bug, and says so; a non-Error throw still fails", () => {
    expect(describeFailure(new TypeError("x is undefined"))).toMatchObject({ exitCode: 1, isBug: true });
    expect(describeFailure("a string").message).toMatch(/this is a bug in release-kit/);
    expect(describeFailure({ odd: true }).message).toContain('{"odd":true}');
  });
});
