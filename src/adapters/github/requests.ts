/** Small facts about GitHub responses shared by the flows: not-found detection, "already exists" 422s, repo names. */
import { InputError } from "../../core/errors.js";

/** The HTTP status of an Octokit RequestError, or undefined. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** A 404 from GitHub. */
export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** A 422 whose message or errors say the thing already exists (a ref, a release for a tag, a label...). */
export function isAlreadyExists(error: unknown): boolean {
  if (statusOf(error) !== 422) return false;
  const data = (error as { response?: { data?: { message?: string; errors?: { code?: string; message?: string }[] } } })
    .response?.data;
  const text = [data?.message ?? "", ...(data?.errors ?? []).map((e) => `${e.code ?? ""} ${e.message ?? ""}`)].join(
    " ",
  );
  return /already[_ ]exists/i.test(text);
}

/** A 422 for a ref update that is not a fast-forward. */
export function isNotFastForward(error: unknown): boolean {
  if (statusOf(error) !== 422 && statusOf(error) !== 409) return false;
  const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? "";
  return /fast forward|fast-forward/i.test(message);
}

/** Splits `owner/name`. */
export function splitRepo(fullName: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = fullName.split("/");
  if (!owner || !repo || rest.length > 0) throw new InputError(`"${fullName}" is not a repository: give owner/name`);
  return { owner, repo };
}
