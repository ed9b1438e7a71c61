/**
 * The GitHub OpenAPI validator of the sandbox: the committed subset, and which requests and responses it accepts or
 * refuses.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openApiSchemaToJsonSchema } from "../../src/sandbox/openapi/json-schema.js";
import { createOpenApiValidator, loadGitHubOpenApiSubset } from "../../src/sandbox/openapi/validator.js";
import type { GitHubOpenApiSubset, OpenApiValidator } from "../../src/sandbox/openapi/validator.js";

const API = "http://127.0.0.1:8080";
const REPO = "/repos/{owner}/{repo}";

// Minimal-but-complete representations: exactly the required fields, which is what the sandbox must at least return.
const gitRef = {
  ref: "refs/heads/rel-1.20.0",
  node_id: "REF_kwDOAAABcnJlZnMvaGVhZHMvcmVsLTEuMjAuMA",
  url: `${API}/repos/acme/widget/git/refs/heads/rel-1.20.0`,
  object: {
    type: "commit",
    sha: "aa218f56b14c9653891f9e74264a383fa43fefbd",
    url: `${API}/repos/acme/widget/git/commits/aa21`,
  },
};

const userUrl = `${API}/users/release-bot`;
const simpleUser = {
  login: "release-bot",
  id: 7,
  node_id: "U_7",
  avatar_url: `${API}/avatars/release-bot`,
  gravatar_id: null,
  url: userUrl,
  html_url: "http://127.0.0.1:8080/release-bot",
  followers_url: `${userUrl}/followers`,
  following_url: `${userUrl}/following{/other_user}`,
  gists_url: `${userUrl}/gists{/gist_id}`,
  starred_url: `${userUrl}/starred{/owner}{/repo}`,
  subscriptions_url: `${userUrl}/subscriptions`,
  organizations_url: `${userUrl}/orgs`,
  repos_url: `${userUrl}/repos`,
  events_url: `${userUrl}/events{/privacy}`,
  received_events_url: `${userUrl}/received_events`,
  type: "User",
  site_admin: false,
};

const release = {
  url: `${API}/repos/acme/widget/releases/1`,
  html_url: "http://127.0.0.1:8080/acme/widget/releases/tag/v1.20.0rc1",
  assets_url: `${API}/repos/acme/widget/releases/1/assets`,
  upload_url: `${API}/repos/acme/widget/releases/1/assets{?name,label}`,
  tarball_url: `${API}/repos/acme/widget/tarball/v1.20.0rc1`,
  zipball_url: null,
  id: 1,
  node_id: "RE_1",
  tag_name: "v1.20.0rc1",
  target_commitish: "rel-1.20.0",
  name: "v1.20.0rc1",
  draft: false,
  prerelease: true,
  created_at: "2026-01-02T03:04:05Z",
  published_at: "2026-01-02T03:04:05Z",
  author: simpleUser,
  assets: [],
};

describe("GitHub OpenAPI validator", () => {
  let subset: GitHubOpenApiSubset;
  let validator: OpenApiValidator;
  beforeAll(async () => {
    subset = await loadGitHubOpenApiSubset();
    validator = createOpenApiValidator(subset);
  });

  describe("the committed subset", () => {
    it("records the package it was cut from and lists no missing operation", () => {
      const header = subset.info["x-release-kit-subset"];
      expect(header.package).toMatch(/^@octokit\/openapi@\d+\.\d+\.\d+$/);
      expect(header.missing).toEqual([]);
      expect(validator.operationId("POST", `${REPO}/git/refs`)).toBe("git/create-ref");
      expect(validator.hasOperation("post", `${REPO}/actions/workflows/{workflow_id}/dispatches`)).toBe(true);
      expect(validator.hasOperation("DELETE", `${REPO}/releases/{release_id}`)).toBe(false);
    });

    it("loads from an explicit path as well as from its default location", async () => {
      const explicit = await loadGitHubOpenApiSubset(
        join(import.meta.dirname, "../../schema/openapi/github-subset.json"),
      );
      expect(explicit.info.version).toBe(subset.info.version);
    });

    it("keeps GitHub's error schemas", () => {
      for (const name of ["basic-error", "validation-error", "validation-error-simple"]) {
        expect(subset.components.schemas[name]).toBeDefined();
      }
    });
  });

  describe("responses", () => {
    it("accepts a minimal git ref that has every required field", () => {
      expect(validator.validateResponse("GET", `${REPO}/git/ref/{ref}`, 200, gitRef)).toEqual([]);
      expect(validator.validateResponse("GET", `${REPO}/git/matching-refs/{ref}`, 200, [gitRef])).toEqual([]);
    });

    it("accepts a minimal release with its author and nullable fields set to null", () => {
      expect(validator.validateResponse("POST", `${REPO}/releases`, 201, release)).toEqual([]);
      expect(validator.validateResponse("GET", `${REPO}/releases/latest`, 200, release)).toEqual([]);
    });

    it("catches a wrong response shape: a missing field, a wrong type, a numeric id sent as a string", () => {
      const { node_id: _dropped, ...withoutNodeId } = gitRef;
      expect(validator.validateResponse("GET", `${REPO}/git/ref/{ref}`, 200, withoutNodeId)).toEqual([
        "GET /repos/{owner}/{repo}/git/ref/{ref} response 200: /node_id is required",
      ]);
      const wrongType = { ...gitRef, object: { ...gitRef.object, sha: 42 } };
      expect(validator.validateResponse("GET", `${REPO}/git/ref/{ref}`, 200, wrongType)).toEqual([
        "GET /repos/{owner}/{repo}/git/ref/{ref} response 200: /object/sha must be string",
      ]);
      const stringId = { ...release, id: "1", author: { ...simpleUser, id: "7" } };
      expect(validator.validateResponse("POST", `${REPO}/releases`, 201, stringId)).toEqual([
        "POST /repos/{owner}/{repo}/releases response 201: /author/id must be integer",
        "POST /repos/{owner}/{repo}/releases response 201: /id must be integer",
      ]);
    });

    it("catches a non-nullable field set to null and a malformed date", () => {
      const problems = validator.validateResponse("POST", `${REPO}/releases`, 201, {
        ...release,
        tag_name: null,
        created_at: "yesterday",
      });
      expect(problems).toEqual([
        'POST /repos/{owner}/{repo}/releases response 201: /created_at must match format "date-time"',
        "POST /repos/{owner}/{repo}/releases response 201: /tag_name must be string",
      ]);
    });

    it("reports a status the description does not list for the operation", () => {
      expect(validator.validateResponse("POST", `${REPO}/git/refs`, 200, gitRef)).toEqual([
        "POST /repos/{owner}/{repo}/git/refs response 200: status 200 is not documented for this operation (documented: 201, 409, 422)",
      ]);
      expect(validator.validateResponse("GET", `${REPO}/releases/latest`, 500, {})).toHaveLength(1);
    });

    it("accepts GitHub's universal 401/403/404 with a basic-error body even where the operation omits them", () => {
      const forbidden = {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest",
      };
      expect(validator.validateResponse("POST", `${REPO}/git/refs`, 403, forbidden)).toEqual([]);
      expect(validator.validateResponse("POST", `${REPO}/git/refs`, 404, { message: 7 })).toEqual([
        "POST /repos/{owner}/{repo}/git/refs response 404: /message must be string",
      ]);
      const strict = createOpenApiValidator(subset, { universalErrorStatuses: [] });
      expect(strict.validateResponse("POST", `${REPO}/git/refs`, 403, forbidden)).toHaveLength(1);
    });

    it("checks documented error bodies: 422 needs documentation_url and errors[].code", () => {
      const route = `${REPO}/git/refs`;
      const ok = {
        message: "Validation Failed",
        documentation_url: "https://docs.github.com/rest/git/refs#create-a-reference",
        errors: [{ resource: "Reference", code: "already_exists", field: "ref" }],
      };
      expect(validator.validateResponse("POST", route, 422, ok)).toEqual([]);
      expect(validator.validateResponse("POST", route, 422, { message: "Validation Failed", errors: [{}] })).toEqual([
        "POST /repos/{owner}/{repo}/git/refs response 422: /documentation_url is required",
        "POST /repos/{owner}/{repo}/git/refs response 422: /errors/0/code is required",
      ]);
    });

    it("requires 204 responses to be empty and accepts a documented bodiless status", () => {
      expect(validator.validateResponse("DELETE", `${REPO}/git/refs/{ref}`, 204, undefined)).toEqual([]);
      expect(validator.validateResponse("DELETE", `${REPO}/git/refs/{ref}`, 204, { deleted: true })).toEqual([
        "DELETE /repos/{owner}/{repo}/git/refs/{ref} response 204: must have no body",
      ]);
      const dispatch = `${REPO}/actions/workflows/{workflow_id}/dispatches`;
      expect(validator.validateResponse("POST", dispatch, 204, "")).toEqual([]);
      expect(validator.validateResponse("GET", `${REPO}/git/ref/{ref}`, 200, undefined)).toEqual([
        "GET /repos/{owner}/{repo}/git/ref/{ref} response 200: a JSON body is required",
      ]);
    });
  });

  describe("request bodies", () => {
    it("catches POST git/refs without sha, and a sha of the wrong type", () => {
      const route = `${REPO}/git/refs`;
      expect(validator.validateRequestBody("POST", route, { ref: "refs/heads/x" })).toEqual([
        "POST /repos/{owner}/{repo}/git/refs request: /sha is required",
      ]);
      expect(validator.validateRequestBody("POST", route, { ref: "refs/heads/x", sha: 1 })).toEqual([
        "POST /repos/{owner}/{repo}/git/refs request: /sha must be string",
      ]);
      expect(validator.validateRequestBody("POST", route, undefined)).toEqual([
        "POST /repos/{owner}/{repo}/git/refs request: a JSON body is required",
      ]);
      expect(validator.validateRequestBody("POST", route, { ref: "refs/heads/x", sha: "abc" })).toEqual([]);
    });

    it("rejects an enum value GitHub does not accept and a body on a bodiless operation", () => {
      const problems = validator.validateRequestBody("PATCH", `${REPO}/issues/{issue_number}`, { state: "done" });
      expect(problems).toContain(
        'PATCH /repos/{owner}/{repo}/issues/{issue_number} request: /state must be equal to one of the allowed values ("open", "closed")',
      );
      expect(validator.validateRequestBody("DELETE", `${REPO}/git/refs/{ref}`, { force: true })).toEqual([
        "DELETE /repos/{owner}/{repo}/git/refs/{ref} request: the operation takes no body but one was sent",
      ]);
    });

    it("accepts a workflow dispatch asking for the run details", () => {
      const route = `${REPO}/actions/workflows/{workflow_id}/dispatches`;
      const body = { ref: "main", inputs: { version: "1.20.0" }, return_run_details: true };
      expect(validator.validateRequestBody("POST", route, body)).toEqual([]);
    });
  });

  describe("matchPath", () => {
    it.each([
      ["GET", "/repos/a/b/git/ref/heads/main", "/repos/{owner}/{repo}/git/ref/{ref}", { ref: "heads/main" }],
      [
        "GET",
        "/repos/a/b/git/ref/heads%2Frel-1.20.0",
        "/repos/{owner}/{repo}/git/ref/{ref}",
        { ref: "heads/rel-1.20.0" },
      ],
      [
        "PATCH",
        "/repos/a/b/git/refs/heads/feature/x",
        "/repos/{owner}/{repo}/git/refs/{ref}",
        { ref: "heads/feature/x" },
      ],
      [
        "GET",
        "/repos/a/b/contents/recipe/meta.yaml?ref=main",
        "/repos/{owner}/{repo}/contents/{path}",
        { path: "recipe/meta.yaml" },
      ],
      [
        "PATCH",
        "/repos/a/b/issues/comments/5",
        "/repos/{owner}/{repo}/issues/comments/{comment_id}",
        { comment_id: "5" },
      ],
      ["PATCH", "/repos/a/b/issues/5", "/repos/{owner}/{repo}/issues/{issue_number}", { issue_number: "5" }],
      ["GET", "/repos/a/b/releases/latest", "/repos/{owner}/{repo}/releases/latest", {}],
      [
        "GET",
        "/repos/a/b/releases/tags/v1.20.0rc1",
        "/repos/{owner}/{repo}/releases/tags/{tag}",
        { tag: "v1.20.0rc1" },
      ],
      ["GET", "/repos/a/b/releases/12", "/repos/{owner}/{repo}/releases/{release_id}", { release_id: "12" }],
      ["GET", "/repos/a/b/commits/main/check-runs", "/repos/{owner}/{repo}/commits/{ref}/check-runs", { ref: "main" }],
      [
        "GET",
        "/repos/a/b/commits/release/1.20/status",
        "/repos/{owner}/{repo}/commits/{ref}/status",
        { ref: "release/1.20" },
      ],
      ["GET", "/repos/a/b/commits/feature/x", "/repos/{owner}/{repo}/commits/{ref}", { ref: "feature/x" }],
      [
        "GET",
        "/repos/a/b/compare/main...feature/x",
        "/repos/{owner}/{repo}/compare/{basehead}",
        { basehead: "main...feature/x" },
      ],
      ["GET", "/user", "/user", {}],
    ])("%s %s is %s", (method, path, template, params) => {
      const match = validator.matchPath(method, path);
      expect(match?.template).toBe(template);
      expect(match?.params).toMatchObject(params);
    });

    it("finds no route for unknown paths, extra segments in owner/repo, or a non-numeric release id", () => {
      expect(validator.matchPath("GET", "/repos/a/b/c/issues")).toBeUndefined();
      expect(validator.matchPath("GET", "/repos/a/b/releases/abc")).toBeUndefined();
      expect(validator.matchPath("DELETE", "/repos/a/b/releases/1")).toBeUndefined();
      expect(validator.matchPath("GET", "/repos/a/b/git/ref/heads//main")).toBeUndefined();
      expect(validator.matchPath("GET", "/repos/a/b/")).toBeUndefined();
    });
  });

  describe("OpenAPI 3.0 nullable", () => {
    it("becomes a null type, an allowed null enum value, or an anyOf with null when there is no type", () => {
      expect(openApiSchemaToJsonSchema({ type: "string", nullable: true })).toEqual({ type: ["string", "null"] });
      expect(openApiSchemaToJsonSchema({ type: "string", enum: ["a"], nullable: true })).toEqual({
        type: ["string", "null"],
        enum: ["a", null],
      });
      expect(openApiSchemaToJsonSchema({ allOf: [{ $ref: "#/x" }], nullable: true })).toEqual({
        anyOf: [{ type: "null" }, { allOf: [{ $ref: "#/x" }] }],
      });
      expect(
        openApiSchemaToJsonSchema({ type: "object", properties: { nullable: { type: "string", nullable: true } } }),
      ).toEqual({ type: "object", properties: { nullable: { type: ["string", "null"] } } });
    });
  });
});
