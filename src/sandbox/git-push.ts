/**
 * `git push` over smart HTTP in the sandbox, under the API's rules. Who may push is decided before git runs, from the
 * token in the request's Basic credentials (`x-access-token:TOKEN`, as GitHub takes them): an unknown token 401, a
 * token that may not write the repository 403, with GitHub's texts. What a push may do to protected branches is
 * decided by a pre-receive hook, which runs once git holds the pushed objects (so fast-forward is known) and before
 * any ref moves: it sends the ref updates back to the sandbox, which applies the same `assertMayWriteBranch` as the
 * Git Data API and answers with the lines git prints as `remote: ...`. A refused push moves no ref at all.
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile, chmod } from "node:fs/promises";
import path from "node:path";
import { assertMayWriteBranch } from "./branch-protection.js";
import { HttpError } from "./http-errors.js";
import { canWrite } from "./router.js";
import type { Caller } from "./router.js";
import type { RepoRecord, SandboxState } from "./state.js";

/** One ref update of a push, as git's pre-receive hook reads it, with what the hook found out. */
export interface PushedRefUpdate {
  readonly ref: string;
  readonly oldSha: string;
  readonly newSha: string;
  /** The new commit descends from the old one; null for a creation or a deletion. */
  readonly fastForward: boolean | null;
}

/** The sandbox's answer to the hook: whether the push may go on, and the lines git shows as `remote: ...`. */
export interface PushVerdict {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

/** A refusal of a git HTTP request before git runs. */
export interface GitRefusal {
  readonly status: 401 | 403;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The path of the control endpoint the hook calls. */
export const PUSH_CHECK_PATH = "/_sandbox/pre-receive";

const ZERO = /^0{40}$/;

/**
 * The token of a git request's credentials: the password of Basic credentials (any user name, as GitHub accepts
 * `x-access-token:TOKEN` or `USER:TOKEN`), the user name when the password is empty or `x-oauth-basic` (a token
 * given as the URL's user), or a `token`/`bearer` header as actions/checkout's extraheader sends.
 */
export function tokenOfGitCredentials(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const basic = /^basic\s+(\S+)$/i.exec(header.trim());
  if (basic) {
    const decoded = Buffer.from(basic[1] ?? "", "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? "" : decoded.slice(colon + 1);
    return password === "" || password === "x-oauth-basic" ? user : password;
  }
  return /^(?:token|bearer)\s+(.+)$/i.exec(header.trim())?.[1];
}

/**
 * Who makes a git request to `repo`, or GitHub's refusal. Reads (clone, fetch) need no token, the repositories being
 * public, but a token that is given must be known (GitHub refuses bad credentials even where none are needed).
 * A push needs a known token that may write the repository's contents.
 */
export function gitCaller(
  tokens: readonly Caller[],
  repo: RepoRecord,
  header: string | undefined,
  push: boolean,
): { caller: Caller | undefined } | { refusal: GitRefusal } {
  const challenge = { "www-authenticate": 'Basic realm="GitHub"', "content-type": "text/plain" };
  const token = tokenOfGitCredentials(header);
  if (header !== undefined && token === undefined)
    return { refusal: { status: 401, body: "Invalid username or token.\n", headers: challenge } };
  const caller = token === undefined ? undefined : tokens.find((t) => t.token === token);
  if (token !== undefined && !caller)
    return {
      refusal: {
        status: 401,
        body: "Invalid username or token. Password authentication is not supported for Git operations.\n",
        headers: challenge,
      },
    };
  if (!push) return { caller };
  // No credentials yet: git sends them only when challenged.
  if (!caller) return { refusal: { status: 401, body: "", headers: challenge } };
  if (!canWrite(caller, repo.fullName) || !classicScopesWrite(caller))
    return {
      refusal: {
        status: 403,
        body: `Permission to ${repo.fullName}.git denied to ${caller.login}.\n`,
        headers: { "content-type": "text/plain" },
      },
    };
  return { caller };
}

/** A classic token writes repositories only with `repo` or `public_repo` (the API answers such writes 404). */
function classicScopesWrite(caller: Caller): boolean {
  if ((caller.kind ?? "user") !== "user") return true;
  const scopes = caller.scopes ?? ["repo", "workflow"];
  return scopes.includes("repo") || scopes.includes("public_repo");
}

/**
 * The branch-protection verdict on a push's ref updates, with GitHub's GH006 lines per refused ref. Tags and other
 * refs are not protected here, as the API's rules do not protect them either.
 */
export function judgePush(repo: RepoRecord, caller: Caller, updates: readonly PushedRefUpdate[]): PushVerdict {
  const lines: string[] = [];
  for (const update of updates) {
    const write = ZERO.test(update.oldSha)
      ? "create"
      : ZERO.test(update.newSha)
        ? "delete"
        : update.fastForward === true
          ? "update"
          : "force-update";
    try {
      assertMayWriteBranch(repo, update.ref, write, caller);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      lines.push(`error: GH006: Protected branch update failed for ${update.ref}.`);
      lines.push(`error: ${String(error.body.message)}`);
    }
  }
  return { ok: lines.length === 0, lines };
}

/**
 * GitHub's reason for a ref its protection refused, in the push report git prints (`! [remote rejected] main -> main
 * (protected branch hook declined)`), instead of the `pre-receive hook declined` git's own receive-pack reports.
 * The report is a list of pkt-lines inside side-band channel 1 packets of the response; a packet whose inner
 * pkt-lines do not parse whole (a report split over packets) is left as it is.
 */
export function renameProtectedRefusal(response: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 4 <= response.length) {
    const length = Number.parseInt(response.subarray(at, at + 4).toString("latin1"), 16);
    if (!Number.isInteger(length) || (length !== 0 && length < 5) || at + Math.max(length, 4) > response.length) break;
    const packet = response.subarray(at, at + Math.max(length, 4));
    at += Math.max(length, 4);
    const renamed = length > 5 && packet[4] === 1 ? renameInReport(packet.subarray(5)) : undefined;
    out.push(renamed ? pktLine(Buffer.concat([Buffer.from([1]), renamed])) : packet);
  }
  out.push(response.subarray(at));
  return Buffer.concat(out);
}

/** The report's pkt-lines with the reason renamed, or undefined when they do not parse whole. */
function renameInReport(report: Buffer): Buffer | undefined {
  const lines: Buffer[] = [];
  let at = 0;
  while (at < report.length) {
    const length = Number.parseInt(report.subarray(at, at + 4).toString("latin1"), 16);
    if (!Number.isInteger(length) || at + Math.max(length, 4) > report.length) return undefined;
    if (length === 0) {
      lines.push(Buffer.from("0000"));
      at += 4;
      continue;
    }
    const text = report.subarray(at + 4, at + length).toString("latin1");
    at += length;
    lines.push(
      pktLine(
        Buffer.from(text.replace(/^(ng \S+) pre-receive hook declined/, "$1 protected branch hook declined"), "latin1"),
      ),
    );
  }
  return Buffer.concat(lines);
}

function pktLine(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from((payload.length + 4).toString(16).padStart(4, "0")), payload]);
}

/** Pushes in flight, by the id the hook sends back: who pushes where. */
export class PendingPushes {
  private readonly pushes = new Map<string, { caller: Caller; repo: string; refused?: boolean }>();

  /** Whether the hook's check refused push `id` (its report then gets GitHub's reason). */
  refused(id: string): boolean {
    return this.pushes.get(id)?.refused === true;
  }

  /** Registers a push; the id goes to the hook in its environment. */
  begin(caller: Caller, repo: string): string {
    const id = randomUUID();
    this.pushes.set(id, { caller, repo });
    return id;
  }

  /** Forgets a push once git is done with it. */
  end(id: string): void {
    this.pushes.delete(id);
  }

  /** The hook's question answered: an unknown id (a push that is over, or a forged call) is refused. */
  judge(state: SandboxState, id: string, updates: readonly PushedRefUpdate[]): PushVerdict {
    const push = this.pushes.get(id);
    const repo = push ? state.repo(push.repo) : undefined;
    if (!push || !repo) return { ok: false, lines: ["error: this push is not known to the sandbox"] };
    const verdict = judgePush(repo, push.caller, updates);
    if (!verdict.ok) push.refused = true;
    return verdict;
  }
}

/**
 * The hook, run by node (its own path in the shebang when it has no space, else `env node`): it reads git's
 * `OLD NEW REF` lines, finds out which updates are fast-forwards (with the quarantined objects git gives hooks),
 * asks the sandbox, prints its lines and exits non-zero to refuse. No shell anywhere.
 */
function hookSource(nodePath: string): string {
  const shebang = /\s/.test(nodePath) || nodePath.length > 120 ? "#!/usr/bin/env node" : `#!${nodePath}`;
  return `${shebang}
// release-kit sandbox: the pre-receive hook of pushes over HTTP (written by src/sandbox/git-push.ts).
"use strict";
const { spawnSync } = require("node:child_process");
const { readFileSync } = require("node:fs");
const zero = /^0{40}$/;
const updates = readFileSync(0, "utf8").split("\\n").filter(Boolean).map((line) => {
  const [oldSha, newSha, ref] = line.split(" ");
  const fastForward = zero.test(oldSha) || zero.test(newSha)
    ? null
    : spawnSync("git", ["merge-base", "--is-ancestor", oldSha, newSha]).status === 0;
  return { ref, oldSha, newSha, fastForward };
});
fetch(process.env.RK_SANDBOX_PUSH_CHECK, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ push: process.env.RK_SANDBOX_PUSH_ID, updates }),
})
  .then((response) => response.json())
  .then(
    (verdict) => {
      for (const line of verdict.lines) process.stderr.write(line + "\\n");
      process.exitCode = verdict.ok ? 0 : 1;
    },
    (error) => {
      process.stderr.write("error: the sandbox could not check this push: " + String(error) + "\\n");
      process.exitCode = 1;
    },
  );
`;
}

/** Writes the hook into `<root>/hooks` (each start: the node path may have changed) and returns that directory. */
export async function writePushHook(root: string): Promise<string> {
  const dir = path.join(root, "hooks");
  await mkdir(dir, { recursive: true });
  // The hook is CommonJS whatever package.json lies above the state directory.
  await writeFile(path.join(dir, "package.json"), '{ "type": "commonjs" }\n');
  const hook = path.join(dir, "pre-receive");
  await writeFile(hook, hookSource(process.execPath));
  await chmod(hook, 0o755);
  return dir;
}
