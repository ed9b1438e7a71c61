import type { FailureReason } from "./outcomes.js";

/** How a failed process ended, as the runner observed it. */
export interface ProcessEnding {
  /** The step hit its time limit (execa's `timedOut`). */
  readonly timedOut: boolean;
  readonly exitCode?: number;
  /** The signal that ended the process, e.g. `SIGKILL`. */
  readonly signal?: string;
  /** The process could not be started at all (command not found, permission denied). */
  readonly spawnFailed?: boolean;
  /** The last part of the log. */
  readonly logTail: string;
}

// Checked in order: the first that matches wins. A timeout is known for sure, memory and disk are checked before
// the network because an exhausted machine often also loses connections.
const LOG_PATTERNS: readonly (readonly [FailureReason, RegExp])[] = [
  [
    "oom",
    /\bMemoryError\b|\bOut of memory\b|\bCannot allocate memory\b|std::bad_alloc|JavaScript heap out of memory|^Killed\b|\bKilled\s*$|oom-kill/im,
  ],
  ["no-space", /No space left on device|\bENOSPC\b|Disk quota exceeded/i],
  [
    "network",
    /Could not resolve host|Temporary failure in name resolution|Name or service not known|getaddrinfo (?:ENOTFOUND|EAI_AGAIN)|\bECONNRESET\b|\bECONNREFUSED\b|\bETIMEDOUT\b|Connection (?:timed out|reset by peer|refused)|Network is unreachable|Failed to establish a new connection|ReadTimeoutError|Failed to connect to|TLS handshake timeout|early EOF/i,
  ],
  [
    "infra",
    /runner has received a shutdown signal|The operation was canceled|lost communication with the server|Text file busy|Resource temporarily unavailable/i,
  ],
];

/** Why a step failed: timeout, oom, no-space, network, infra, or unknown when nothing points to the machine. */
export function detectFailureReason(ending: ProcessEnding): FailureReason {
  if (ending.timedOut) return "timeout";
  // 137 = 128 + SIGKILL: what the kernel's OOM killer leaves behind when a shell reports its child.
  if (ending.exitCode === 137 || ending.signal === "SIGKILL") return "oom";
  for (const [reason, pattern] of LOG_PATTERNS) {
    if (pattern.test(ending.logTail)) return reason;
  }
  if (ending.spawnFailed) return "infra";
  return "unknown";
}
