/**
 * Waits until the package index lists the version's files, polling with backoff: an index can lag the
 * upload by minutes (CDN caches, TestPyPI). Bounded: when the files do not appear in time, the publish failed.
 */
import { OperationFailedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { pollDelay } from "../../core/publish-plan/poll-delay.js";
import type { IndexFile } from "../../core/publish-plan/publish-observation.js";
import type { PublishSettings } from "../../core/publish-plan/publish-settings.js";
import type { WaitClock } from "../wait-clock.js";
import { WaitReporter } from "../wait-reporter.js";
import { readIndexFiles } from "./read-index.js";

/** The files once they are listed; throws OperationFailedError after `settings.indexWaitMs`. */
export async function waitForIndex(
  settings: PublishSettings,
  clock: WaitClock,
  logger: Logger,
  runUrl: string | null,
): Promise<IndexFile[]> {
  const deadline = clock.now() + settings.indexWaitMs;
  const reporter = new WaitReporter(
    {
      what: `${settings.package} ${settings.indexVersion} on ${settings.indexUrl}`,
      limitMs: settings.indexWaitMs,
      limitSetting: "publish.index-wait-minutes, --index-wait-minutes",
    },
    clock,
    logger,
  );
  for (let attempt = 0; ; attempt++) {
    const files = await readIndexFiles(settings.indexUrl, settings.package, settings.indexVersion);
    if (files.length > 0) return files;
    const left = deadline - clock.now();
    if (left <= 0) {
      throw new OperationFailedError(
        `${settings.package} ${settings.indexVersion} is not on ${settings.indexUrl} ${Math.round(settings.indexWaitMs / 60_000)} min after the workflow succeeded (publish.index-wait-minutes): check the upload step${runUrl ? ` of ${runUrl}` : ""} and the index, then run release-kit publish again, with --index-wait-minutes N if the index is only slow`,
      );
    }
    await reporter.sleep(Math.min(pollDelay(attempt, settings.pollDelays), left), "not listed yet");
  }
}
