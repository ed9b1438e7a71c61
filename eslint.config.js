// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Node modules that reach outside the process: core code never imports them. */
const SIDE_EFFECT_MODULES = [
  "fs",
  "fs/promises",
  "child_process",
  "http",
  "https",
  "net",
  "tls",
  "dgram",
  "worker_threads",
  "cluster",
].flatMap((name) => [name, `node:${name}`]);

/** Modules a flow never imports: files go through adapters/files.ts (processes: PROCESSES_ONLY_IN_ADAPTER). */
const FLOW_FILE_MODULES = ["fs", "fs/promises"].flatMap((name) => [name, `node:${name}`]);

/**
 * Processes are started by the process adapter alone (ARCHITECTURE.md: adapters are the only code that touches the
 * world), so argument arrays, timeouts and the start error are handled once.
 */
const PROCESSES_ONLY_IN_ADAPTER = {
  group: ["execa", "execa/*", "child_process", "node:child_process"],
  message:
    "only src/adapters/processes.ts starts processes (execa, child_process): use runProcess, runProcessOrThrow or startProcess from it",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "actions/*/dist/**",
      "actions/_shared/**",
      "dist/**",
      "coverage/**",
      "schema/openapi/**",
      "src/config/generated/*.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "*.mjs", "bin/*.js", "scripts/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/only-throw-error": "error",
      "no-console": "off",
    },
  },
  // Layers (ARCHITECTURE.md): arrows point down, actions/cli -> flows -> core, flows -> adapters. A violating import
  // fails `npm run lint`; test/unit/layer-rules.test.ts proves it on synthetic files. A file matched by several of
  // these blocks gets the last one's rule (ESLint replaces rule options, it does not merge them), so the later,
  // narrower blocks repeat the process ban.
  {
    // The sandbox too (its git, cat-file and http-backend go through the adapter); tests and benchmarks start the CLI
    // and git with execa directly, as a user's shell would.
    files: ["src/**/*.ts"],
    ignores: ["src/adapters/processes.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [PROCESSES_ONLY_IN_ADAPTER] }] },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: SIDE_EFFECT_MODULES.map((name) => ({
            name,
            message: "core is pure: pass the effect in through an adapter instead (ARCHITECTURE.md, layers)",
          })),
          patterns: [
            {
              regex: "^(\\.\\./)+(adapters|flows|cli|sandbox|action|demo|config)(/|$)",
              message: "core imports only core: adapters, flows, cli, sandbox, action, demo and config sit above it",
            },
            {
              group: ["execa", "execa/*", "octokit", "@octokit/*", "@actions/*"],
              message: "core is pure: processes and GitHub belong in src/adapters",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/flows/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: FLOW_FILE_MODULES.map((name) => ({
            name,
            message: "flows reach files through src/adapters/files.ts",
          })),
          patterns: [
            {
              regex: "^(\\.\\./)+(cli|sandbox|action|demo)(/|$)",
              message: "flows never import the CLI, the actions, the demo or the sandbox (tests bring the sandbox in)",
            },
            PROCESSES_ONLY_IN_ADAPTER,
          ],
        },
      ],
    },
  },
  {
    files: ["actions/*/*.ts", "src/action/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+(src/)?(cli|sandbox|demo)(/|$)",
              message: "actions call flows, never the CLI, the demo or the sandbox",
            },
            PROCESSES_ONLY_IN_ADAPTER,
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain Node scripts (build, OpenAPI subset, the bin shim).
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly", Buffer: "readonly" } },
    // Fixture scripts declare their globals themselves (/* global ... */); that is not a redeclaration.
    rules: { "no-redeclare": ["error", { builtinGlobals: false }] },
  },
);
