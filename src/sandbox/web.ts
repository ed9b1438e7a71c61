/**
 * The web host part of the sandbox, like github.com: smart-HTTP clones (`git http-backend`) at
 * `/OWNER/REPO.git` and archive tarballs at `/OWNER/REPO/archive/REF.tar.gz` (also `archive/refs/tags/...`).
 */
import type http from "node:http";
import { execa } from "execa";
import type { GitStore } from "./git-store.js";
import type { SandboxState } from "./state.js";

/** What the web handler needs. */
export interface WebRequest {
  readonly state: SandboxState;
  readonly git: GitStore;
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly url: URL;
  readonly method: string;
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
    if (sub.includes("receive-pack")) return text(res, 403, "Pushes go through the API in the sandbox.");
    return httpBackend(w, repo.fullName, sub, git);
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

async function httpBackend(w: WebRequest, fullName: string, pathInfo: string, git: GitStore): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of w.req) chunks.push(chunk as Buffer);
  const result = await execa("git", ["http-backend"], {
    input: Buffer.concat(chunks),
    encoding: "buffer",
    stripFinalNewline: false,
    reject: false,
    env: {
      GIT_PROJECT_ROOT: git.root,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: `/${fullName}.git${pathInfo}`,
      REQUEST_METHOD: w.method,
      QUERY_STRING: w.url.search.replace(/^\?/, ""),
      CONTENT_TYPE: w.req.headers["content-type"] ?? "",
      GIT_CONFIG_NOSYSTEM: "1",
      HTTP_GIT_PROTOCOL: String(w.req.headers["git-protocol"] ?? ""),
      REMOTE_ADDR: "127.0.0.1",
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
  w.res.writeHead(status, headers);
  w.res.end(out.subarray(headerEnd + sepLen));
  return status;
}
