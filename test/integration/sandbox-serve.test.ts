/** `release-kit sandbox serve`: prints its URLs first, serves the seed and stops cleanly on SIGTERM. */
import { describe, expect, it } from "vitest";
import { execa } from "execa";
import path from "node:path";
import { Octokit } from "octokit";

const root = path.resolve(import.meta.dirname, "../..");

describe("release-kit sandbox serve", () => {
  it("prints the three URLs first, serves the seed, and stops cleanly on SIGTERM", async () => {
    const child = execa(
      process.execPath,
      ["--import", "tsx", "src/cli/bin.ts", "sandbox", "serve", "--seed", "examples/sandbox/seed.yml"],
      {
        cwd: root,
        reject: false,
      },
    );
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("sandbox did not print its URLs")), 30_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        if (lines.length >= 3) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(lines.slice(0, 3).map((l) => l.split("=")[0])).toEqual(["GITHUB_API_URL", "GITHUB_SERVER_URL", "PYPI_URL"]);
    const env = Object.fromEntries(lines.slice(0, 3).map((l) => l.split("=", 2) as [string, string]));
    const gh = new Octokit({
      baseUrl: env.GITHUB_API_URL,
      auth: "t-reader",
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    const repo = await gh.rest.repos.get({ owner: "acme", repo: "widget" });
    expect(repo.data.permissions?.push).toBe(false);
    const pypi = (await (await fetch(`${env.PYPI_URL}/pypi/widget/1.19.0/json`)).json()) as {
      urls: { url: string; digests: { sha256: string } }[];
    };
    const file = Buffer.from(await (await fetch(pypi.urls[0]!.url)).arrayBuffer());
    const { createHash } = await import("node:crypto");
    expect(createHash("sha256").update(file).digest("hex")).toBe(pypi.urls[0]!.digests.sha256);
    child.kill("SIGTERM");
    const result = await child;
    expect(result.exitCode).toBe(0);
  });
});
