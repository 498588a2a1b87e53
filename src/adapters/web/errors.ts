export class HttpError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500,
    message?: string,
    /** The refusal was written to the audit trail (the error page says so). */
    readonly audited = false,
  ) {
    super(message ?? String(statusCode));
  }
}
