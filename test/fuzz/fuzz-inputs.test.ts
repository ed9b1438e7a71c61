/**
 * Fuzzing of everything a user or a stranger can hand release-kit: versions, tag and branch patterns, config
 * files, recipes, checklist Markdown and `/lesson` comments, 10,000 cases each. Invariant: a result, or a
 * release-kit UserError whose message is one line; never another exception (which would be a bug and a stack
 * trace for the user).
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { UserError, describeFailure } from "../../src/core/errors.js";
import { FUZZ_TIMEOUT, RUNS, hostile, resultOrOneLineError } from "./fuzz-arbitraries.js";
import {
  parseChecklist,
  serializeChecklist,
  tickItems,
  parseLessonCommand,
  CHECKLIST_KEYS,
} from "../../src/core/checklist/index.js";
import {
  parseReleaseVersionInput,
  parseVersion,
  releaseBranchName,
  tagForVersion,
  validateVersionPattern,
} from "../../src/core/versions/index.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("fuzz: versions", () => {
  it(
    "parseReleaseVersionInput and parseVersion accept or reject in one line",
    () => {
      fc.assert(
        fc.property(hostile, (text) => {
          resultOrOneLineError(() => parseReleaseVersionInput(text));
          resultOrOneLineError(() => parseVersion(text, "pep440"));
          resultOrOneLineError(() => parseVersion(text, "semver"));
        }),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("fuzz: tag and branch names", () => {
  it(
    "patterns and versions either make a valid git ref name or are rejected in one line",
    () => {
      // A git ref component rule set (git check-ref-format), checked on whatever is produced.
      const validRef = (name: string) =>
        name.length > 0 && !/[\s~^:?*[\\\p{Cc}]|\.\.|@\{|\/\/|\/\.|^-|^\/|^\.|\.lock$|\.lock\/|\/$|\.$/u.test(name);
      fc.assert(
        fc.property(hostile, hostile, (pattern, version) => {
          resultOrOneLineError(() => {
            validateVersionPattern(pattern);
            const tag = tagForVersion(pattern, version);
            expect(validRef(tag), `tag ${JSON.stringify(tag)}`).toBe(true);
          });
          resultOrOneLineError(() => {
            const branch = releaseBranchName(`rel-${pattern.includes("{version}") ? "" : "{version}"}`, version);
            expect(validRef(branch), `branch ${JSON.stringify(branch)}`).toBe(true);
          });
        }),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("fuzz: config files", () => {
  // Mostly a small config (fast to parse), sometimes ONNX's full example.
  const small = readFileSync(path.join(root, "test/fixtures/config/minimal.yml"), "utf8").split("\n");
  const onnx = readFileSync(path.join(root, "examples/onnx/release-kit.yml"), "utf8").split("\n");
  it(
    "mutated and random config files parse or fail with FILE:LINE problem lines",
    () => {
      const base = fc.oneof({ weight: 9, arbitrary: fc.constant(small) }, { weight: 1, arbitrary: fc.constant(onnx) });
      const mutated = fc.oneof(
        fc
          .tuple(base, fc.nat(), hostile)
          .map(([lines, at, text]) => lines.map((l, j) => (j === at % lines.length ? `${l}${text}` : l)).join("\n")),
        fc
          .tuple(base, fc.nat(), fc.nat({ max: 6 }))
          .map(([lines, at, n]) =>
            [...lines.slice(0, at % lines.length), ...lines.slice((at % lines.length) + n)].join("\n"),
          ),
        fc
          .tuple(base, fc.nat(), hostile)
          .map(([lines, at, text]) =>
            [...lines.slice(0, at % lines.length), `${text}: ${text}`, ...lines.slice(at % lines.length)].join("\n"),
          ),
        fc.string({ maxLength: 200 }),
      );
      fc.assert(
        fc.property(mutated, (text) => {
          try {
            parseConfig(text, "release-kit.yml");
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
            const problems = (error as { problems?: string[] }).problems ?? [];
            for (const p of problems) expect(p).toMatch(/^release-kit\.yml(:\d+)?: /);
            expect(describeFailure(error).message).not.toMatch(/[\r\n]/);
          }
        }),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("fuzz: checklist Markdown and /lesson comments", () => {
  const template = readFileSync(path.join(root, "checklists/release.md"), "utf8");
  const keys = CHECKLIST_KEYS.map((k) => k.key);
  it(
    "any edited checklist round-trips byte for byte and ticking never throws",
    () => {
      const edit = fc.tuple(
        fc.nat({ max: 400 }),
        fc.oneof(
          hostile,
          fc.constantFrom(
            "- [x] done",
            "- [ ] todo <!-- release-kit:rc-tagged -->",
            "```",
            "<!--",
            "-->",
            "## Heading",
          ),
        ),
      );
      fc.assert(
        fc.property(fc.array(edit, { maxLength: 5 }), fc.subarray(keys), (edits, tickKeys) => {
          const lines = template.split("\n");
          for (const [at, text] of edits) lines.splice(at % (lines.length + 1), 0, text);
          const body = lines.join("\n");
          expect(serializeChecklist(parseChecklist(body))).toBe(body);
          const ticked = tickItems(
            body,
            tickKeys.map((key) => ({ key })),
          );
          expect(
            tickItems(
              ticked,
              tickKeys.map((key) => ({ key })),
            ),
          ).toBe(ticked);
        }),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );
  it(
    "/lesson comments are parsed as data, whatever they hold",
    () => {
      fc.assert(
        fc.property(
          hostile,
          fc.constantFrom("/lesson ", "/lesson retire ", "/lesson", "/LESSON ", " /lesson "),
          (text, prefix) => {
            const command = parseLessonCommand(`${prefix}${text}`);
            if (command?.kind === "add") expect(typeof command.text).toBe("string");
            if (command?.kind === "retire") expect(typeof command.id).toBe("string");
          },
        ),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );
});
