/**
 * The GitHub client's refusal mapping: which answers it explains (and how), and which it leaves alone because no
 * setting or other token fixes them.
 */
import { describe, expect, it } from "vitest";
import { explainRefusal, refusalOrError } from "../../src/adapters/github/refusals.js";
import { GitHubRefusalError } from "../../src/core/errors.js";

const answer = (status: number, message: string, url: string, headers: Record<string, string> = {}) => ({
  status,
  request: { method: url.split(" ")[0], url: url.split(" ")[1] },
  response: { data: { message }, headers },
});

describe("GitHub refusals", () => {
  it("names the token kind and the fix for an installation token refused outside its installation", () => {
    const e = answer(
      403,
      "Resource not accessible by integration",
      "POST https://api.github.com/repos/conda-forge/x-feedstock/pulls",
      {
        "x-accepted-github-permissions": "pull_requests=write",
      },
    );
    expect(explainRefusal(e)).toBe(
      "GitHub refused POST /repos/conda-forge/x-feedstock/pulls to the App installation token (or the workflow's GITHUB_TOKEN): the App is not installed on conda-forge/x-feedstock or lacks the permission (it needs pull_requests=write); install the App on conda-forge/x-feedstock with it, add it to the job's permissions: for GITHUB_TOKEN, or pass a user's token",
    );
  });

  it("explains a fine-grained token's refusal, but not a classic token's lack of rights", () => {
    const fine = answer(
      403,
      "Resource not accessible by personal access token",
      "POST https://ghe.example/api/v3/repos/o/r/pulls",
    );
    expect(explainRefusal(fine)).toMatch(/^GitHub refused POST \/repos\/o\/r\/pulls to the fine-grained token:/);
    const classic = answer(
      403,
      "Resource not accessible by personal access token",
      "POST https://api.github.com/repos/o/r/pulls",
      {
        "x-oauth-scopes": "repo",
      },
    );
    expect(explainRefusal(classic)).toBeUndefined();
  });

  it("leaves other answers as they are and keeps status and answer on an explained one", () => {
    const missing = answer(404, "Not Found", "GET https://api.github.com/repos/o/r");
    expect(refusalOrError(missing)).toBe(missing);
    expect(
      explainRefusal(answer(422, "Reference already exists", "POST https://api.github.com/repos/o/r/git/refs")),
    ).toBeUndefined();
    const refused = answer(
      403,
      "GitHub Actions is not permitted to create or approve pull requests.",
      "POST https://api.github.com/repos/o/r/pulls",
    );
    const converted = refusalOrError(refused);
    expect(converted).toBeInstanceOf(GitHubRefusalError);
    expect(converted).toMatchObject({ status: 403, response: refused.response });
  });
});
