import { describe, expect, it } from "vitest";
import { NotFoundError, ServiceUnavailableError, ValidationError } from "../../src/errors.js";
import { toErrorResponse } from "../../src/http/error-response.js";

describe("toErrorResponse", () => {
  it("keeps a domain error's status, code, message and details", () => {
    // Prepare
    const error = new ValidationError("bad body", { details: [{ path: "steps", message: "must end at 100" }] });
    // Act
    const response = toErrorResponse(error, "req-1");
    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "ValidationError", message: "bad body", details: [{ path: "steps", message: "must end at 100" }] },
      requestId: "req-1",
    });
  });

  it("turns anything else into a 500 that leaks nothing", () => {
    const error = new Error("connect ECONNREFUSED 10.0.0.1:5432 password=hunter2");
    const response = toErrorResponse(error, "req-2");
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("hunter2");
    expect(response.body).not.toContain("ECONNREFUSED");
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "InternalError", message: "internal error" },
      requestId: "req-2",
    });
  });

  it("adds Retry-After to a 503", () => {
    const response = toErrorResponse(new ServiceUnavailableError("throttled", { retryAfterSeconds: 3 }), "r");
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("3");
  });

  it("keeps the cause on the error without showing it", () => {
    const error = new NotFoundError("no such tuning job", { cause: new Error("secret internals") });
    expect(error.cause).toBeInstanceOf(Error);
    expect(toErrorResponse(error, "r").body).not.toContain("secret internals");
  });
});
