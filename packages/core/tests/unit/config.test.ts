import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ConfigurationError } from "../../src/errors.js";

describe("loadConfig", () => {
  it("applies defaults", () => {
    const config = loadConfig({ TABLE_NAME: "t" });
    expect(config).toMatchObject({ TABLE_NAME: "t", AWS_REGION: "us-east-1", ENDPOINT_TAG_KEY: "lifecycle:endpoint" });
  });

  it("fails fast, naming every missing or bad variable", () => {
    expect(() => loadConfig({ SLACK_WEBHOOK_URL: "not a url" })).toThrow(ConfigurationError);
    expect(() => loadConfig({ SLACK_WEBHOOK_URL: "not a url" })).toThrow(
      /TABLE_NAME.*SLACK_WEBHOOK_URL|SLACK_WEBHOOK_URL.*TABLE_NAME/,
    );
  });
});
