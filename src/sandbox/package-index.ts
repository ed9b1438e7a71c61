/**
 * The sandbox's package index, shaped like PyPI: `/pypi/<name>/json`, `/pypi/<name>/<version>/json`
 * (with `urls[].url` and `digests.sha256`), the files under `/packages/...`, and the sdist redirect path
 * `/packages/source/<c>/<name>/<file>` that conda recipes use.
 */
import type http from "node:http";
import { createReadStream } from "node:fs";
import type { SandboxState, PackageFileRecord } from "./state.js";

/** What the index handler needs. */
export interface IndexRequest {
  readonly state: SandboxState;
  readonly indexUrl: string;
  /** Path below the index prefix. */
  readonly path: string;
  readonly method: string;
  readonly res: http.ServerResponse;
}

/** PEP 503 name normalization. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

function fileJson(indexUrl: string, f: PackageFileRecord): Record<string, unknown> {
  return {
    filename: f.filename,
    url: `${indexUrl}/packages/${f.sha256.slice(0, 2)}/${f.sha256.slice(2, 4)}/${f.sha256.slice(4)}/${encodeURIComponent(f.filename)}`,
    digests: { sha256: f.sha256, md5: f.md5 },
    md5_digest: f.md5,
    size: f.size,
    packagetype: f.packagetype,
    python_version: f.packagetype === "sdist" ? "source" : "py3",
    requires_python: f.requiresPython,
    upload_time_iso_8601: f.uploadTime,
    yanked: false,
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): number {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
  return status;
}

function sendFile(res: http.ServerResponse, f: PackageFileRecord): Promise<number> {
  return new Promise((resolve) => {
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(f.size) });
    const stream = createReadStream(f.storedAt);
    stream.pipe(res);
    stream.on("end", () => resolve(200));
    stream.on("error", () => {
      res.destroy();
      resolve(500);
    });
  });
}

/** Answers one index request; returns the status sent. */
export async function handlePackageIndex(req: IndexRequest): Promise<number> {
  const { state, res, indexUrl } = req;
  if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { message: "Method Not Allowed" });
  const parts = req.path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "pypi" && parts[parts.length - 1] === "json" && (parts.length === 3 || parts.length === 4)) {
    const name = normalizePackageName(parts[1] ?? "");
    const files = state.data.packages.filter((p) => normalizePackageName(p.name) === name);
    if (files.length === 0) return json(res, 404, { message: "Not Found" });
    const versions = [...new Set(files.map((f) => f.version))];
    const version = parts.length === 4 ? parts[2]! : versions[versions.length - 1]!;
    const ofVersion = files.filter((f) => f.version === version);
    if (ofVersion.length === 0) return json(res, 404, { message: "Not Found" });
    const body: Record<string, unknown> = {
      info: { name: files[0]!.name, version, requires_python: ofVersion[0]!.requiresPython, yanked: false },
      urls: ofVersion.map((f) => fileJson(indexUrl, f)),
      last_serial: state.data.nextId,
      vulnerabilities: [],
    };
    if (parts.length === 3) {
      body.releases = Object.fromEntries(
        versions.map((v) => [v, files.filter((f) => f.version === v).map((f) => fileJson(indexUrl, f))]),
      );
    }
    return json(res, 200, body);
  }
  if (parts[0] === "packages") {
    const filename = parts[parts.length - 1] ?? "";
    const f =
      parts[1] === "source"
        ? state.data.packages.find((p) => p.filename === filename)
        : state.data.packages.find((p) => p.filename === filename && parts.slice(1, 4).join("") === p.sha256);
    if (!f) return json(res, 404, { message: "Not Found" });
    return sendFile(res, f);
  }
  return json(res, 404, { message: "Not Found" });
}
