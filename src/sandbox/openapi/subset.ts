/**
 * The part of GitHub's OpenAPI description the sandbox serves (committed as schema/openapi/github-subset.json): its
 * types and its loader.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, parse } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the generated subset lives, relative to the repository (or package) root. */
export const GITHUB_OPENAPI_SUBSET_PATH = "schema/openapi/github-subset.json";

/** A JSON Schema in OpenAPI 3.0 dialect (`nullable`, `discriminator`...), as stored in the subset. */
export type OpenApiSchema = Record<string, unknown>;

/** One parameter of an operation, reduced to what routing and validation read. */
export interface OpenApiParameter {
  readonly in: "path" | "query" | "header" | "cookie";
  readonly name: string;
  readonly required: boolean;
  readonly schema?: OpenApiSchema;
}

/** A request body or response: only `application/json` content is kept by the subset script. */
export interface OpenApiContent {
  readonly "application/json"?: { readonly schema: OpenApiSchema };
}

/** One operation (method + path) of the subset. */
export interface OpenApiOperation {
  readonly operationId: string;
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly required: boolean; readonly content: OpenApiContent };
  /** Keyed by status code as a string ("200", "404"). */
  readonly responses: Readonly<Record<string, { readonly description: string; readonly content?: OpenApiContent }>>;
}

/** The document `scripts/openapi-subset.mjs` writes: an OpenAPI 3.0 description cut down to the sandbox's routes. */
export interface GitHubOpenApiSubset {
  readonly openapi: string;
  readonly info: {
    readonly title: string;
    readonly version: string;
    readonly "x-release-kit-subset": {
      readonly package: string;
      readonly packagePublished: string;
      readonly missing: readonly string[];
      readonly [key: string]: unknown;
    };
  };
  /** path template -> lower-case method -> operation */
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, OpenApiSchema>> };
}

/** Reads the committed GitHub OpenAPI subset (from `path`, or found above this module in src or in a bundle). */
export async function loadGitHubOpenApiSubset(path?: string): Promise<GitHubOpenApiSubset> {
  const file = path ?? findSubsetFile(dirname(fileURLToPath(import.meta.url)));
  const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<GitHubOpenApiSubset>;
  if (typeof parsed.paths !== "object" || typeof parsed.components?.schemas !== "object") {
    throw new Error(`${file} is not a GitHub OpenAPI subset; regenerate it with: node scripts/openapi-subset.mjs`);
  }
  return parsed as GitHubOpenApiSubset;
}

// Walk up instead of a fixed "../../..": this module runs from src/sandbox/openapi under tsx and from a bundle's
// dist/ directory once esbuild has flattened it, and both sit below the root that holds schema/.
function findSubsetFile(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, GITHUB_OPENAPI_SUBSET_PATH);
    if (existsSync(candidate)) return candidate;
    if (dir === parse(dir).root) break;
  }
  throw new Error(
    `${GITHUB_OPENAPI_SUBSET_PATH} not found above ${start}; pass its path or regenerate it with: node scripts/openapi-subset.mjs`,
  );
}
