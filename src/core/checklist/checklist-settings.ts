/**
 * The settings of the checklist flows (open, sync, lessons, status) once validated: plain data the pure planning
 * reads. Built from the config and the flags or action inputs by flows/checklist/settings.ts.
 */
import type { VersionScheme } from "../versions/index.js";

/** Everything the checklist flows need, validated. */
export interface ChecklistSettings {
  /** Project repository, owner/name. */
  readonly repo: string;
  /** Project name shown in titles and partner issues (the repository's name). */
  readonly project: string;
  /** The base version X.Y.Z in PEP 440 spelling (e.g. 1.20.0). */
  readonly version: string;
  readonly scheme: VersionScheme;
  readonly tagPattern: string;
  /** The final's tag (e.g. v1.20.0). */
  readonly finalTag: string;
  /** The release branch (e.g. rel-1.20.0). */
  readonly branch: string;
  /** The issue title with the version filled in. */
  readonly title: string;
  readonly labels: readonly string[];
  /** Template path in the project repository. */
  readonly templatePath: string;
  /** Lessons folder in the project repository. */
  readonly lessonsDir: string;
  /** The first version file: read on the release branch to see the candidate bump. */
  readonly versionFile?: string;
  /** The package and where its files are published: finals to `indexUrl`, candidates to `rcIndexUrl`. */
  readonly pypi?: { readonly package: string; readonly indexUrl: string; readonly rcIndexUrl: string };
  readonly feedstock?: {
    readonly repo: string;
    readonly forkOwner?: string;
    readonly package: string;
    readonly rcLabel: string;
  };
  /** Partner repositories (owner/name) that get an "Integrate with" issue. */
  readonly partners: readonly string[];
  /** A downstream results.json to read, when given. */
  readonly downstreamReport?: string;
}
