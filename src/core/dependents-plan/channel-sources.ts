/**
 * The `channel_sources` key of a dependent feedstock's `recipe/conda_build_config.yaml`: where its CI takes
 * packages from. Pointing it at `conda-forge/label/<label>,conda-forge` builds the dependent against a candidate
 * uploaded to that label, as conda-forge's knowledge base describes for building against a release candidate
 * (conda-forge documentation, maintainer knowledge base, "pre-release builds":
 * https://conda-forge.org/docs/maintainer/knowledge_base/). v0 and v1 feedstocks keep the key in
 * the same file. Line based: other keys, comments and selectors stay exactly as they were.
 */

const keyPattern = /^channel_sources\s*:(.*)$/;

/** The value: the label first, then conda-forge's main channel (so everything else resolves as usual). */
export function channelSourcesValue(label: string): string {
  return `conda-forge/label/${label},conda-forge`;
}

/** The text with `channel_sources` set to the one entry `value` (added at the end when absent). */
export function setChannelSources(text: string | undefined, value: string): string {
  const source = text ?? "";
  const eol = source.includes("\r\n") ? "\r\n" : "\n";
  const body = source.endsWith(eol) ? source.slice(0, -eol.length) : source;
  const lines = body === "" ? [] : body.split(eol);
  const start = lines.findIndex((line) => keyPattern.test(line));
  if (start === -1) {
    lines.push("channel_sources:", `  - ${value}`);
    return lines.join(eol) + eol;
  }
  let end = start + 1;
  while (end < lines.length && /^(\s+\S|-)/.test(lines[end] ?? "") && !/^\S+\s*:/.test(lines[end] ?? "")) end++;
  const inline = keyPattern.exec(lines[start] ?? "")?.[1] ?? "";
  if (/^\s*\[/.test(inline)) {
    lines[start] = `channel_sources: [${value}]`;
    lines.splice(start + 1, end - start - 1);
  } else {
    const indent = /^(\s*)- /.exec(lines[start + 1] ?? "")?.[1] ?? "  ";
    lines.splice(start + 1, end - start - 1, `${indent}- ${value}`);
  }
  return lines.join(eol) + eol;
}
