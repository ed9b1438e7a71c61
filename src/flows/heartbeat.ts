/**
 * A heartbeat on real time for what has no polling loop to hang it on (a build step's process, a wait whose polls
 * are minutes apart): `beat` runs every `everyMs` until the returned stop is called. The timer does not keep the
 * process alive on its own.
 */
import { HEARTBEAT_MS } from "../core/wait-progress.js";

/** Starts calling `beat` every `everyMs` (default: the waits' 30 s); returns the function that stops it. */
export function startHeartbeat(beat: () => void, everyMs: number = HEARTBEAT_MS): () => void {
  const timer = setInterval(beat, Math.max(1, everyMs));
  timer.unref();
  return () => clearInterval(timer);
}
