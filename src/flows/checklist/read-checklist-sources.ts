/**
 * Reads what a new checklist is made of from the project repository (default branch, contents API): the template,
 * else the one packaged with release-kit, and every lesson file of the lessons folder.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { readRepoText } from "../../adapters/github/repo-files.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import {
  isLessonFileName,
  lessonFileVersion,
  type ChecklistSettings,
  type LessonFileSource,
} from "../../core/checklist/index.js";
import { readPackagedFile } from "../packaged-file.js";

/** The packaged template (release-kit's own checklists/NAME). */
export async function readPackagedTemplate(name = "release.md"): Promise<string> {
  return readPackagedFile(`checklists/${name}`);
}

/** The template text, where it came from, and the notice to show when it is not the project's own. */
export async function readChecklistTemplate(
  gh: GitHubClient,
  settings: ChecklistSettings,
): Promise<{ text: string; source: string; notice?: string }> {
  const text = await readRepoText(gh, settings.repo, settings.templatePath);
  if (text !== null) return { text, source: `${settings.repo}:${settings.templatePath}` };
  // Silent fallback hid a project's own template committed elsewhere: say which path was looked for.
  return {
    text: await readPackagedTemplate(),
    source: "release-kit's checklists/release.md",
    notice: `checklist template ${settings.templatePath} is not on the default branch of ${settings.repo}: using release-kit's packaged template; commit yours there or set checklist.template`,
  };
}

/** Every lesson file in the lessons folder (README.md and other names are skipped). */
export async function readLessonFiles(gh: GitHubClient, settings: ChecklistSettings): Promise<LessonFileSource[]> {
  const { owner, repo } = splitRepo(settings.repo);
  let entries: { name: string; path: string; type: string }[];
  try {
    const { data } = await gh.rest.repos.getContent({ owner, repo, path: settings.lessonsDir });
    if (!Array.isArray(data)) return [];
    entries = data;
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const files: LessonFileSource[] = [];
  for (const entry of entries.filter((e) => e.type === "file" && isLessonFileName(e.name))) {
    const content = await readRepoText(gh, settings.repo, entry.path);
    if (content !== null) files.push({ content, version: lessonFileVersion(entry.name) });
  }
  return files;
}
