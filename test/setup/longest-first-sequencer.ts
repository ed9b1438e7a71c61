/**
 * The order test files start in. A few workers share the suite, so it ends when the last long file ends: a long file
 * started last leaves the other workers idle for most of its run. vitest orders files by their last durations when it
 * has them, and otherwise by file size, which puts the chaos files (a few lines each, a minute or more each) last on a
 * clean clone, that is on every CI run. Here the groups whose files run longest go first (chaos, then end to end, fuzz,
 * integration, unit), and vitest's own order applies within a group.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

const GROUPS = ["chaos", "e2e", "fuzz", "integration", "unit"];

function rank(spec: TestSpecification): number {
  const group = /[\\/]test[\\/]([^\\/]+)[\\/]/.exec(spec.moduleId)?.[1];
  const at = group === undefined ? -1 : GROUPS.indexOf(group);
  return at < 0 ? GROUPS.length : at;
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    // Array.prototype.sort is stable: vitest's order stays within each group.
    return ordered.sort((a, b) => rank(a) - rank(b));
  }
}
