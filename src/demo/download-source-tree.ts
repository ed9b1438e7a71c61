/** Downloads a tag's source tarball from the sandbox's web host and unpacks it: the "artifact" of a demo version. */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { runProcessOrThrow } from "../adapters/processes.js";
import type { Sandbox } from "../sandbox/server.js";

/** The directory holding the unpacked source of `tag` (GitHub's archive layout: one top directory). */
export async function downloadSourceTree(
  sandbox: Sandbox,
  fullName: string,
  tag: string,
  into: string,
): Promise<string> {
  const response = await fetch(`${sandbox.serverUrl}/${fullName}/archive/${tag}.tar.gz`);
  if (!response.ok) throw new Error(`archive of ${fullName}@${tag}: HTTP ${response.status}`);
  const dir = path.join(into, tag);
  await mkdir(dir, { recursive: true });
  await runProcessOrThrow("tar", ["-xzf", "-", "-C", dir, "--strip-components=1"], {
    input: Buffer.from(await response.arrayBuffer()),
  });
  return dir;
}
