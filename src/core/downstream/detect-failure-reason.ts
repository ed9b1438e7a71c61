/**
 * Why a downstream step failed, from how its process ended and the last part of its log: the machine reasons
 * (timeout, oom, no-space, network, infra) and the code reasons a release candidate typically causes (patch, abi,
 * link, cmake-config, import), each with the log line that gave it away so the report can quote it.
 */
import type { FailureReason } from "./outcomes.js";

/** How a failed process ended, as the runner observed it. */
export interface ProcessEnding {
  /** The step hit its time limit (the process adapter's `timedOut`). */
  readonly timedOut: boolean;
  readonly exitCode?: number;
  /** The signal that ended the process, e.g. `SIGKILL`. */
  readonly signal?: string;
  /** The process could not be started at all (command not found, permission denied). */
  readonly spawnFailed?: boolean;
  /** The last part of the log. */
  readonly logTail: string;
}

/** A failure reason and, when the log showed it, the first line that did (trimmed, at most QUOTE_MAX_CHARS). */
export interface DetectedFailure {
  readonly reason: FailureReason;
  readonly line?: string;
}

/** Longest quoted log line: enough for a mangled C++ symbol, short enough for a one-line report entry. */
export const QUOTE_MAX_CHARS = 300;

// Checked in order: the first reason with a matching line wins; within a reason the patterns are tried in order, so
// the most telling line is quoted (`undefined reference to` rather than the `collect2` line after it). A timeout is
// known for sure, memory and disk are checked before the network because an exhausted machine often also loses
// connections, and all machine reasons come before the code reasons: a build killed for memory may also print a
// half-written link error, and a machine failure must never be reported as a regression.
// Among the code reasons, patch comes first: a patch that no longer applies stops the build before anything is
// compiled, and it is the finding (a dependent's own patch to the sources, see source-patches.ts, or a recipe's).
// Then link, first because lld and ld64 say "undefined symbol(s)" for link errors too, and
// abi comes before import because an ImportError that names an undefined symbol is a binary mismatch (a wheel built
// against another onnx), not a missing module.
const LOG_PATTERNS: readonly (readonly [FailureReason, readonly RegExp[]])[] = [
  [
    "oom",
    [
      /\bMemoryError\b|\bOut of memory\b|\bCannot allocate memory\b|std::bad_alloc|JavaScript heap out of memory|^Killed\b|\bKilled\s*$|oom-kill/i,
    ],
  ],
  ["no-space", [/No space left on device|\bENOSPC\b|Disk quota exceeded/i]],
  [
    "network",
    [
      /Could not resolve host|Temporary failure in name resolution|Name or service not known|getaddrinfo (?:ENOTFOUND|EAI_AGAIN)|\bECONNRESET\b|\bECONNREFUSED\b|\bETIMEDOUT\b|Connection (?:timed out|reset by peer|refused)|Network is unreachable|Failed to establish a new connection|ReadTimeoutError|Failed to connect to|TLS handshake timeout|early EOF/i,
    ],
  ],
  [
    "infra",
    [
      /runner has received a shutdown signal|The operation was canceled|lost communication with the server|Text file busy|Resource temporarily unavailable/i,
    ],
  ],
  [
    "patch",
    [
      // The line of the step release-kit adds to a vendored-source dependent's build scripts (patchFailureLine).
      /\brelease-kit: the dependent's patch \S+ no longer applies to the candidate\b/,
      // GNU patch, for any patch the build applies.
      /\bHunk #\d+ FAILED at \d+/,
      /\b\d+ out of \d+ hunks? FAILED\b/,
    ],
  ],
  [
    "link",
    [
      // GNU ld / gold / lld, ld64 (macOS), MSVC link.exe.
      /\bundefined reference to\b/,
      /\bcannot find -l\S+/,
      /\blibrary not found for -l\S+/,
      /\b(?:ld(?:\.lld)?|lld-link|ld64\.lld):.*\bundefined symbol\b/i,
      /^Undefined symbols for architecture\b/,
      /\bLNK(?:2019|2001|1120|1181|1104)\b/,
      /\bcollect2: error: ld returned\b|\blinker command failed\b/,
    ],
  ],
  [
    "abi",
    [
      // glibc's loader (`symbol lookup error`, `undefined symbol:`), macOS dyld, Windows' loader via Python.
      /\bsymbol lookup error\b/,
      /\bundefined symbol: \S+/,
      /\bSymbol not found: \S+/,
      /The specified procedure could not be found/i,
    ],
  ],
  [
    "cmake-config",
    [
      /Could not find a package configuration file provided by\b/,
      /Could not find a configuration file for package\b/,
      /\bCould NOT find \S+/,
      /\(find_package\)|\bfind_package\b.*\b(?:error|not found)\b/i,
    ],
  ],
  ["import", [/\bModuleNotFoundError\b/, /\bImportError: /, /\bImportError\b/]],
];

// Colour codes from compilers and pytest would otherwise end up in the quote.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Why a step failed, with the first log line that shows it; `unknown` when nothing in the log points anywhere. */
export function detectFailure(ending: ProcessEnding): DetectedFailure {
  if (ending.timedOut) return { reason: "timeout" };
  // 137 = 128 + SIGKILL: what the kernel's OOM killer leaves behind when a shell reports its child.
  if (ending.exitCode === 137 || ending.signal === "SIGKILL") return { reason: "oom" };
  const lines = ending.logTail.split(/\r?\n/).map((line) => line.replace(ANSI, "").trim());
  for (const [reason, patterns] of LOG_PATTERNS) {
    for (const pattern of patterns) {
      const line = lines.find((l) => pattern.test(l));
      if (line !== undefined) return { reason, line: quote(line) };
    }
  }
  if (ending.spawnFailed) return { reason: "infra" };
  return { reason: "unknown" };
}

/** Why a step failed: the reason of detectFailure without the quoted line. */
export function detectFailureReason(ending: ProcessEnding): FailureReason {
  return detectFailure(ending).reason;
}

function quote(line: string): string {
  return line.length <= QUOTE_MAX_CHARS ? line : `${line.slice(0, QUOTE_MAX_CHARS - 1)}…`;
}
