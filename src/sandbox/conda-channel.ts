/**
 * The sandbox's conda channel, beside the package index: `/conda/<channel>/label/<label>/<subdir>/repodata.json`
 * (and `/conda/<channel>/<subdir>/repodata.json` for the main label) list the packages seeded (`conda:` in the seed)
 * or added later (`addCondaPackage`, or `POST /_sandbox/conda` for `sandbox serve` users), as anaconda.org serves
 * conda-forge's labels: `packages.conda` maps file names to name, version, build and subdir. A label nothing was
 * ever uploaded to answers 404; a known label without packages for a subdir answers an empty repodata.
 */
import type http from "node:http";
import type { CondaPackageRecord, SandboxState } from "./state.js";

/** The file name a package would have on the channel. */
function fileName(p: CondaPackageRecord): string {
  return `${p.name}-${p.version}-${p.build}.conda`;
}

/** Adds (or replaces) a package of a channel label, as an upload by a feedstock's CI would. */
export function addCondaPackage(
  state: SandboxState,
  record: Omit<CondaPackageRecord, "build"> & { build?: string },
): void {
  const full: CondaPackageRecord = { ...record, build: record.build ?? "h0_0" };
  const list = state.data.condaPackages ?? (state.data.condaPackages = []);
  const same = (p: CondaPackageRecord) =>
    p.channel === full.channel && p.label === full.label && p.subdir === full.subdir && fileName(p) === fileName(full);
  state.data.condaPackages = [...list.filter((p) => !same(p)), full];
}

/** Answers one `/conda/...` request; returns the status sent. */
export function handleCondaChannel(
  state: SandboxState,
  path: string,
  method: string,
  res: http.ServerResponse,
): number {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
    return status;
  };
  if (method !== "GET" && method !== "HEAD") return send(405, { message: "Method Not Allowed" });
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  let channel: string | undefined;
  let label = "main";
  let subdir: string | undefined;
  if (parts.length === 5 && parts[1] === "label" && parts[4] === "repodata.json")
    [channel, , label = "main", subdir] = parts;
  else if (parts.length === 3 && parts[2] === "repodata.json") [channel, subdir] = parts;
  if (!channel || !subdir) return send(404, { message: "Not Found" });
  const ofLabel = (state.data.condaPackages ?? []).filter((p) => p.channel === channel && p.label === label);
  if (ofLabel.length === 0 && label !== "main") return send(404, { message: "Not Found" });
  const packages = Object.fromEntries(
    ofLabel
      .filter((p) => p.subdir === subdir)
      .map((p) => [
        fileName(p),
        { name: p.name, version: p.version, build: p.build, build_number: 0, subdir: p.subdir, depends: [] },
      ]),
  );
  return send(200, { info: { subdir }, packages: {}, "packages.conda": packages, repodata_version: 1 });
}
