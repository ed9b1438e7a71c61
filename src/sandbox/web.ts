/**
 * The web host part of the sandbox, like github.com: smart HTTP (`git http-backend`) at `/OWNER/REPO.git` for clones,
 * fetches and pushes (pushes under the API's token and branch-protection rules, see git-push.ts), and archive
 * tarballs at `/OWNER/REPO/archive/REF.tar.gz` (also `archive/refs/tags/...`).
 */
import type http from "node:http";
import { runProcess } from "../adapters/processes.js";
import type { GitStore } from "./git-store.js";
import { gitCaller, renameProtectedRefusal } from "./git-push.js";
import type { PendingPushes } from "./git-push.js";
import type { Caller } from "./router.js";
import type { SandboxState } from "./state.js";

/** What a push needs besides the request: the hook, where it calls back, and the server's write lock. */
export interface PushSetup {
  readonly tokens: readonly Caller[];
  readonly pushes: PendingPushes;
  /** `core.hooksPath` of pushes (git-push.ts writes the pre-receive hook there). */
  readonly hooksDir: string;
  /** The URL the hook posts the ref updates to. */
  readonly checkUrl: string;
  /** Runs a write under the server's write lock (pushes and API writes never interleave). */
  runWrite<T>(fn: () => Promise<T>): Promise<T>;
  /** Records a push that moved refs (the repository's `pushed_at`) and saves the state. */
  pushed(fullName: string): Promise<void>;
}

/** What the web handler needs. */
export interface WebRequest {
  readonly state: SandboxState;
  readonly git: GitStore;
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly push: PushSetup;
}

function text(res: http.ServerResponse, status: number, body: string): number {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(body);
  return status;
}

/** Answers one web request; returns the status sent. */
export async function handleWeb(w: WebRequest): Promise<number> {
  const { url, res, state, git } = w;
  const gitMatch = /^\/([^/]+)\/([^/]+?)\.git(\/.*)$/.exec(url.pathname);
  if (gitMatch) {
    const repo = state.repo(`${gitMatch[1]}/${gitMatch[2]}`);
    const sub = gitMatch[3] ?? "";
    if (!repo) return text(res, 404, "Repository not found.");
    const pushing = sub === "/git-receive-pack" || w.url.searchParams.get("service") === "git-receive-pack";
    const who = gitCaller(w.push.tokens, repo, w.req.headers.authorization, pushing);
    if ("refusal" in who) {
      res.writeHead(who.refusal.status, who.refusal.headers);
      res.end(who.refusal.body);
      return who.refusal.status;
    }
    if (!pushing || !who.caller) return httpBackend(w, repo.fullName, sub, git, {});
    const caller = who.caller;
    const receiveEnv = {
      // Command-line configuration (GIT_CONFIG_COUNT) wins over the repository's: pushes get the hook and are on,
      // and no `gc --auto` is left running in the background after a large push (it raced a sandbox's removal).
      GIT_CONFIG_COUNT: "3",
      GIT_CONFIG_KEY_0: "core.hooksPath",
      GIT_CONFIG_VALUE_0: w.push.hooksDir,
      GIT_CONFIG_KEY_1: "http.receivepack",
      GIT_CONFIG_VALUE_1: "true",
      GIT_CONFIG_KEY_2: "receive.autogc",
      GIT_CONFIG_VALUE_2: "false",
      REMOTE_USER: caller.login,
    };
    if (sub !== "/git-receive-pack") return httpBackend(w, repo.fullName, sub, git, receiveEnv);
    return w.push.runWrite(async () => {
      const before = await git.listRefs(repo.fullName);
      const id = w.push.pushes.begin(caller, repo.fullName);
      try {
        const status = await httpBackend(
          w,
          repo.fullName,
          sub,
          git,
          { ...receiveEnv, RK_SANDBOX_PUSH_ID: id, RK_SANDBOX_PUSH_CHECK: w.push.checkUrl },
          (body) => (w.push.pushes.refused(id) ? renameProtectedRefusal(body) : body),
        );
        const after = await git.listRefs(repo.fullName);
        if (JSON.stringify(after) !== JSON.stringify(before)) await w.push.pushed(repo.fullName);
        return status;
      } finally {
        w.push.pushes.end(id);
      }
    });
  }
  const archive = /^\/([^/]+)\/([^/]+)\/archive\/(.+)\.tar\.gz$/.exec(url.pathname);
  if (archive && w.method === "GET") {
    const fullName = `${archive[1]}/${archive[2]}`;
    const repo = state.repo(fullName);
    if (!repo) return text(res, 404, "Not Found");
    let ref = decodeURIComponent(archive[3] ?? "");
    if (ref.startsWith("refs/tags/")) ref = ref.slice("refs/tags/".length);
    else if (ref.startsWith("refs/heads/")) ref = ref.slice("refs/heads/".length);
    const sha = await git.resolveCommit(repo.fullName, ref);
    if (!sha) return text(res, 404, "Not Found");
    // GitHub names the top directory REPO-REF, dropping a leading "v" of a version tag.
    const dirRef = /^v\d/.test(ref) ? ref.slice(1) : ref;
    const bytes = await git.archive(repo.fullName, sha, `${repo.name}-${dirRef.replace(/\//g, "-")}`);
    res.writeHead(200, { "content-type": "application/x-gzip", "content-length": String(bytes.length) });
    res.end(bytes);
    return 200;
  }
  return text(res, 404, "Not Found");
}

async function httpBackend(
  w: WebRequest,
  fullName: string,
  pathInfo: string,
  git: GitStore,
  extraEnv: Record<string, string>,
  rewrite: (body: Buffer) => Buffer = (body) => body,
): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of w.req) chunks.push(chunk as Buffer);
  const result = await runProcess("git", ["http-backend"], {
    input: Buffer.concat(chunks),
    binary: true,
    env: {
      GIT_PROJECT_ROOT: git.root,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: `/${fullName}.git${pathInfo}`,
      REQUEST_METHOD: w.method,
      QUERY_STRING: w.url.search.replace(/^\?/, ""),
      CONTENT_TYPE: w.req.headers["content-type"] ?? "",
      // git gzips large fetch negotiations; http-backend inflates them when told.
      HTTP_CONTENT_ENCODING: String(w.req.headers["content-encoding"] ?? ""),
      GIT_CONFIG_NOSYSTEM: "1",
      HTTP_GIT_PROTOCOL: String(w.req.headers["git-protocol"] ?? ""),
      REMOTE_ADDR: "127.0.0.1",
      ...extraEnv,
    },
  });
  const out = Buffer.from(result.stdout);
  const split = out.indexOf("\r\n\r\n");
  const headerEnd = split >= 0 ? split : out.indexOf("\n\n");
  const sepLen = split >= 0 ? 4 : 2;
  if (headerEnd < 0) return text(w.res, 500, "git http-backend gave no headers");
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of out.subarray(0, headerEnd).toString("latin1").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i < 0) continue;
    const key = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (key.toLowerCase() === "status") status = Number(value.split(" ")[0]) || 200;
    else headers[key] = value;
  }
  const body = rewrite(out.subarray(headerEnd + sepLen));
  // The body may have changed length; git's response has no content-length, but never send a stale one.
  delete headers["Content-Length"];
  w.res.writeHead(status, headers);
  w.res.end(body);
  return status;
}
