/**
 * Reads git objects of one bare repository through one long-lived `git cat-file --batch-command` process instead of
 * a process per read. Starting git costs 10-30 ms on a loaded machine and a sandbox request used to start several
 * (resolve, list the tree, read the blob); a line on a pipe costs microseconds. Still real git reading real objects:
 * the answers are git's own.
 *
 * A loose object (every object the sandbox writes, and what a seed or a small push adds) is read from its file
 * instead, inflated as git stores it: most repositories of a test then never start the process at all. Packed
 * objects (an imported history, a fork of one) are git's to read.
 *
 * Objects are immutable, so what was read is kept (bounded); a missing object is not, as it may be written later
 * (git looks again for loose objects and new packs on every miss, so the process sees objects written after it
 * started). Only full SHAs are asked: names are resolved elsewhere, where a ref that moves is read fresh.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { startProcess, type RunningProcess } from "../adapters/processes.js";

/** An object's type and size, as `info` answers. */
export interface ObjectInfo {
  readonly type: "blob" | "tree" | "commit" | "tag";
  readonly size: number;
}

/** An object with its bytes, as `contents` answers. */
export interface ObjectData extends ObjectInfo {
  readonly data: Buffer;
}

interface Pending {
  readonly withData: boolean;
  readonly resolve: (value: ObjectData | ObjectInfo | undefined) => void;
  readonly reject: (error: Error) => void;
}

/** Objects larger than this are read but not kept; the sandbox's repositories hold small files. */
const KEEP_AT_MOST_BYTES = 1 << 20;
/** Bound on what is kept per repository; the oldest half is dropped when it is reached. */
const KEEP_AT_MOST_OBJECTS = 20_000;

const SHA = /^[0-9a-f]{40}$/;

export class GitObjectReader {
  private process: RunningProcess | undefined;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private readonly kept = new Map<string, ObjectData>();
  private readonly keptInfo = new Map<string, ObjectInfo>();

  constructor(
    private readonly gitDir: string,
    private readonly env: Record<string, string>,
  ) {}

  /** The object's type and size, or undefined when the repository has no such object. */
  async info(sha: string): Promise<ObjectInfo | undefined> {
    if (!SHA.test(sha)) return undefined;
    const known = this.kept.get(sha) ?? this.keptInfo.get(sha);
    if (known) return { type: known.type, size: known.size };
    const loose = await this.readLoose(sha);
    if (loose) {
      if (loose.size <= KEEP_AT_MOST_BYTES) this.keep(this.kept, sha, loose);
      return { type: loose.type, size: loose.size };
    }
    const answer = await this.ask(`info ${sha}\n`, false);
    if (answer) this.keep(this.keptInfo, sha, answer);
    return answer;
  }

  /** The object's type and bytes, or undefined when the repository has no such object. */
  async read(sha: string): Promise<ObjectData | undefined> {
    if (!SHA.test(sha)) return undefined;
    const known = this.kept.get(sha);
    if (known) return known;
    const answer =
      (await this.readLoose(sha)) ?? ((await this.ask(`contents ${sha}\n`, true)) as ObjectData | undefined);
    if (answer && answer.size <= KEEP_AT_MOST_BYTES) this.keep(this.kept, sha, answer);
    return answer;
  }

  /**
   * The object from its loose file (`objects/<2 hex>/<38 hex>`, zlib-deflated `<type> <size>\0<bytes>`), or
   * undefined when there is none or it does not read as one: then git is asked.
   */
  private async readLoose(sha: string): Promise<ObjectData | undefined> {
    let raw: Buffer;
    try {
      raw = inflateSync(await readFile(path.join(this.gitDir, "objects", sha.slice(0, 2), sha.slice(2))));
    } catch {
      return undefined;
    }
    const nul = raw.indexOf(0);
    const m = nul > 0 ? /^(blob|tree|commit|tag) (\d+)$/.exec(raw.subarray(0, nul).toString("latin1")) : null;
    const data = raw.subarray(nul + 1);
    if (!m || Number(m[2]) !== data.length) return undefined;
    return { type: m[1] as ObjectData["type"], size: data.length, data };
  }

  /** Ends the process (it exits when its input closes). */
  close(): void {
    const child = this.process;
    this.process = undefined;
    if (!child) return;
    child.stdin?.end();
    this.failPending(new Error("the object reader was closed"));
  }

  private keep<T>(map: Map<string, T>, sha: string, value: T): void {
    if (map.size >= KEEP_AT_MOST_OBJECTS) {
      let drop = map.size / 2;
      for (const key of map.keys()) {
        if (drop-- <= 0) break;
        map.delete(key);
      }
    }
    map.set(sha, value);
  }

  private ask(line: string, withData: boolean): Promise<ObjectData | ObjectInfo | undefined> {
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ withData, resolve, reject });
      this.setHeld(true);
      child.stdin?.write(line);
    });
  }

  private start(): RunningProcess {
    if (this.process) return this.process;
    // Without --buffer, git flushes its answer after every command: each read is answered at once.
    const child = startProcess("git", ["--git-dir", this.gitDir, "cat-file", "--batch-command"], { env: this.env });
    this.process = child;
    this.buffer = Buffer.alloc(0);
    child.stdout?.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    // A process that dies (killed, or the repository removed under it) fails what it owed; the next read starts anew.
    void child.ended.then((result) => {
      if (this.process === child) this.process = undefined;
      this.failPending(
        new Error(`git cat-file --batch-command in ${this.gitDir} ended (exit ${String(result.exitCode)})`),
      );
    });
    child.stdin?.on("error", () => undefined);
    this.setHeld(false);
    return child;
  }

  /** Answers the oldest pending reads whose whole answer has arrived. */
  private drain(): void {
    for (;;) {
      const head = this.pending[0];
      if (!head) {
        this.setHeld(false);
        return;
      }
      const eol = this.buffer.indexOf(10);
      if (eol < 0) return;
      const header = this.buffer.subarray(0, eol).toString("latin1");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        this.buffer = this.buffer.subarray(eol + 1);
        this.pending.shift();
        head.resolve(undefined);
        continue;
      }
      const m = /^[0-9a-f]{40} (blob|tree|commit|tag) (\d+)$/.exec(header);
      if (!m) {
        this.pending.shift();
        head.reject(new Error(`unexpected answer from git cat-file: ${header}`));
        this.close();
        return;
      }
      const type = m[1] as ObjectInfo["type"];
      const size = Number(m[2]);
      if (!head.withData) {
        this.buffer = this.buffer.subarray(eol + 1);
        this.pending.shift();
        head.resolve({ type, size });
        continue;
      }
      // The contents follow the header, then a newline.
      if (this.buffer.length < eol + 1 + size + 1) return;
      const data = Buffer.from(this.buffer.subarray(eol + 1, eol + 1 + size));
      this.buffer = this.buffer.subarray(eol + 1 + size + 1);
      this.pending.shift();
      head.resolve({ type, size, data });
    }
  }

  private failPending(error: Error): void {
    for (const p of this.pending.splice(0)) p.reject(error);
    this.setHeld(false);
  }

  /**
   * An idle reader must not keep Node running (a CLI that read an object would never exit); one that owes answers
   * must, or Node could exit before they arrive.
   */
  private setHeld(held: boolean): void {
    const child = this.process;
    if (!child) return;
    child.hold(held || this.pending.length > 0);
  }
}
