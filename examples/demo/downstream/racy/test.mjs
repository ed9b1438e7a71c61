// A downstream with a test that races: it loses exactly once, on the first attempt against the candidate, and passes
// when run again. Attempts are counted in a file under DEMO_STATE_DIR (a temp directory of the demo run), so the
// outcome is the same on every demo run: runs of one side disagree, and the report calls it flaky, not regressed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.DEMO_STATE_DIR;
if (!dir) {
  console.error("racy: set DEMO_STATE_DIR to a directory for the attempt counter");
  process.exit(2);
}
const side = process.env.RELEASE_KIT_SIDE ?? "unknown";
mkdirSync(dir, { recursive: true });
const counter = join(dir, `racy-${side}.count`);
const attempt = (existsSync(counter) ? Number(readFileSync(counter, "utf8")) : 0) + 1;
writeFileSync(counter, String(attempt));
if (side === "candidate" && attempt === 1) {
  console.error("racy: test_concurrent_cache lost the race (timing); attempt 1 of the candidate");
  process.exit(1);
}
console.log(`racy: ${side} attempt ${attempt}, 8 tests passed`);
