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
  // fails `npm run lint`; test/unit/layer-rules.test.ts proves it on synthetic files.
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
          patterns: [
            {
              regex: "^(\\.\\./)+(cli|sandbox|action|demo)(/|$)",
              message: "flows never import the CLI, the actions, the demo or the sandbox (tests bring the sandbox in)",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["actions/*/*.ts", "src/action/**/*.ts"],
    // Known debts of issue 11, not to grow: the downstream action runs the CLI's downstream commands, and the
    // conda-forge action reads its test-only timing variable through the CLI command's helper.
    ignores: ["actions/downstream/run-downstream-action.ts", "actions/conda-forge-pr/run-conda-forge-pr-action.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+(src/)?(cli|sandbox|demo)(/|$)",
              message: "actions call flows, never the CLI, the demo or the sandbox",
            },
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
