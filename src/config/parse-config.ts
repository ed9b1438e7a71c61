/**
 * Parses release-kit.yml text into the resolved configuration, or throws one ConfigError listing every problem
 * as `FILE:LINE: key.path: what is wrong (what was expected)`.
 */
import { LineCounter, parseDocument } from "yaml";
import type { Document } from "yaml";
import { ConfigError, errorMessage } from "../core/errors.js";
import { checkConfigSemantics } from "./check-config-semantics.js";
import type { ConfigIssue } from "./config-issue.js";
import { formatKeyPath } from "./config-issue.js";
import type { ReleaseKitConfig } from "./config-types.js";
import { lineOfPath } from "./locate-yaml-path.js";
import { resolveConfig } from "./resolve-config.js";
import { validateAgainstSchema } from "./validate-against-schema.js";

// Aliases can expand a small file into a huge one ("billion laughs"); a config never needs many.
const MAX_ALIAS_COUNT = 100;

/** Parses and validates configuration text; `fileName` is used in problem lines. Throws ConfigError. */
export function parseConfig(text: string, fileName: string): ReleaseKitConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => {
      const line = lineCounter.linePos(error.pos[0]).line;
      const what =
        error.code === "MULTIPLE_DOCS"
          ? "the file holds more than one YAML document (a second ---)"
          : firstLine(error.message).replace(/ at line \d+, column \d+:?$/, "");
      return `${fileName}:${Math.max(1, line)}: (yaml syntax): ${what} (expected valid YAML; quote values that contain ": " or " #")`;
    });
    throw configError(fileName, problems);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw configError(fileName, [
      `${fileName}:1: (yaml syntax): ${firstLine(errorMessage(error))} (expected YAML without deeply nested aliases)`,
    ]);
  }
  if (data === null || data === undefined) {
    throw configError(fileName, [
      `${fileName}:1: (top level): the file is empty (expected at least project: {repo: owner/name})`,
    ]);
  }

  const issues = validateAgainstSchema(data);
  issues.push(...checkConfigSemantics(data));
  if (issues.length > 0) throw configError(fileName, toProblemLines(issues, doc, lineCounter, fileName));
  return resolveConfig(data);
}

function toProblemLines(
  issues: readonly ConfigIssue[],
  doc: Document,
  lineCounter: LineCounter,
  fileName: string,
): string[] {
  const located = issues.map((issue) => ({ line: lineOfPath(doc, lineCounter, issue.path), issue }));
  // Stable sort: file order, then the order the checks found them.
  located.sort((a, b) => a.line - b.line);
  return located.map(({ line, issue }) => `${fileName}:${line}: ${formatKeyPath(issue.path)}: ${issue.message}`);
}

/** One ConfigError for all problems: the first in the summary line, all in `problems`. */
function configError(fileName: string, problems: readonly string[]): ConfigError {
  const first = problems[0] ?? `${fileName}: invalid configuration`;
  const summary =
    problems.length === 1
      ? first
      : `${fileName} has ${problems.length} problems, the first: ${first} (run "release-kit config check" to list them all)`;
  return new ConfigError(summary, problems);
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? text).trim();
}
