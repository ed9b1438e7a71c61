/**
 * Errors with GitHub's shapes and status codes. A route throws one; the server turns it into the response
 * GitHub would send (`{ message, documentation_url, errors?, status }`).
 */
const DOCS = "https://docs.github.com/rest";

/** One entry of a 422 `errors[]`, as GitHub sends it. */
export interface ValidationErrorItem {
  readonly resource: string;
  readonly field: string;
  readonly code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  readonly message?: string;
}

/** An HTTP error response of the sandbox. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

/** 404 Not Found, GitHub's answer for anything missing or invisible. */
export function notFound(): HttpError {
  return new HttpError(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
}

/** 422 Validation Failed with `errors[]`. */
export function validationFailed(errors: ValidationErrorItem[], message = "Validation Failed"): HttpError {
  return new HttpError(422, { message, errors, documentation_url: DOCS, status: "422" });
}

/** 422 with a plain message (GitHub's "validation-error-simple"). */
export function unprocessable(message: string): HttpError {
  return new HttpError(422, { message, documentation_url: DOCS, status: "422" });
}

/** 409 Conflict. */
export function conflict(message: string): HttpError {
  return new HttpError(409, { message, documentation_url: DOCS, status: "409" });
}

/** 401: no token on a write, or an unknown token. */
export function unauthorized(message = "Requires authentication"): HttpError {
  return new HttpError(401, { message, documentation_url: DOCS, status: "401" });
}

/** 403: the token may not write this repository. */
export function forbidden(message = "Resource not accessible by personal access token"): HttpError {
  return new HttpError(403, { message, documentation_url: DOCS, status: "403" });
}

/** 501: an endpoint the sandbox does not implement. Fails the test that hit it. */
export function notImplemented(method: string, path: string): HttpError {
  return new HttpError(501, {
    message: `The release-kit sandbox does not implement ${method} ${path}`,
    documentation_url: DOCS,
    status: "501",
  });
}
