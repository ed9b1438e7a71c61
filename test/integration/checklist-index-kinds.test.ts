/**
 * Candidates and finals published to different indexes (publish.rc-index-url and publish.index-url): the checklist
 * and status look for a candidate's files on the candidates' index and for the final's on the finals' index.
 */
import { writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { cutRc1, startChecklistWorld, type ChecklistWorld } from "./checklist-world.js";

let world: ChecklistWorld | undefined;
let rcIndex: http.Server | undefined;

afterEach(async () => {
  await world?.stop();
  await new Promise((resolve) => (rcIndex ? rcIndex.close(resolve) : resolve(undefined)));
  world = undefined;
  rcIndex = undefined;
});

/** A second PyPI-style JSON index that lists `widget` with the files given per version. */
async function startRcIndex(files: Record<string, string[]>): Promise<string> {
  rcIndex = http.createServer((req, res) => {
    if (req.url !== "/pypi/widget/json") {
      res.writeHead(404).end();
      return;
    }
    const releases = Object.fromEntries(
      Object.entries(files).map(([v, names]) => [v, names.map((filename) => ({ filename }))]),
    );
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ releases }));
  });
  await new Promise<void>((resolve) => rcIndex!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(rcIndex.address() as AddressInfo).port}`;
}

function configWith(finalIndex: string, candidateIndex: string): string {
  return `project:
  repo: acme/widget
  version-files: [VERSION_NUMBER]
pypi:
  package: widget
publish:
  workflow: release.yml
  index-url: ${finalIndex}
  rc-index-url: ${candidateIndex}
`;
}

const line = (body: string, key: string): string =>
  body.split("\n").find((l) => l.includes(`release-kit:${key} `)) ?? "";

describe("indexes per kind of release", () => {
  it("ticks the candidate from the candidates' index, not the finals' index", async () => {
    const candidateIndex = await startRcIndex({
      "1.20.0rc1": ["widget-1.20.0rc1.tar.gz", "widget-1.20.0rc1-py3-none-any.whl"],
    });
    world = await startChecklistWorld({ config: "" });
    const finalIndex = world.sandbox.env().PYPI_URL ?? "";
    const config = configWith(finalIndex, candidateIndex);
    await writeFile(`${world.dir}/release-kit.yml`, config);
    // No PYPI_URL: each kind's configured index is used.
    const env = { PYPI_URL: "" };
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"], env)).code).toBe(0);
    await cutRc1(world);
    const r = await world.cli(["checklist", "sync", "--version", "1.20.0", "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(line(world.issueBody(), "rc-on-pypi")).toMatch(/^- \[x\] .*1\.20\.0rc1: 2 files/);
    expect(line(world.issueBody(), "rc-on-pypi")).toContain(`${candidateIndex}/project/widget/1.20.0rc1/`);

    const status = await world.cli(["status", "--version", "1.20.0", "--json"], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`${candidateIndex}/project/widget/1.20.0rc1/`);
  });

  it("does not count a candidate found only on the finals' index", async () => {
    const candidateIndex = await startRcIndex({});
    world = await startChecklistWorld({ config: "" });
    const finalIndex = world.sandbox.env().PYPI_URL ?? "";
    await writeFile(`${world.dir}/release-kit.yml`, configWith(finalIndex, candidateIndex));
    const env = { PYPI_URL: "" };
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"], env)).code).toBe(0);
    await cutRc1(world);
    world.publish("1.20.0rc1", "widget-1.20.0rc1.tar.gz");
    expect((await world.cli(["checklist", "sync", "--version", "1.20.0"], env)).code).toBe(0);
    expect(line(world.issueBody(), "rc-on-pypi")).toMatch(/^- \[ \] /);
  });
});
