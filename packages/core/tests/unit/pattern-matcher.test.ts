import { describe, expect, it } from "vitest";
import { InvalidEventPatternError, matchesEventPattern } from "../../src/events/pattern-matcher.js";

// The example event of the EventBridge documentation ("Event patterns"), used by most cases below.
const ec2Event = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: {
    "instance-id": "i-1234567890abcdef0",
    state: "terminated",
    "c-count": 5,
    "d-count": 12,
    "source-ip": "10.0.0.123",
    location: null,
    note: "",
    tags: ["prod", "web"],
    "file-name": "photo.PNG",
  },
};

describe("matchesEventPattern", () => {
  it.each([
    ["exact string", { source: ["aws.ec2"] }, true],
    ["exact string, other value", { source: ["aws.s3"] }, false],
    ["one of several values", { source: ["aws.s3", "aws.ec2"] }, true],
    ["nested exact", { detail: { state: ["terminated"] } }, true],
    ["exact number", { detail: { "c-count": [5] } }, true],
    ["a number does not match its string", { detail: { "c-count": ["5"] } }, false],
    ["null matches null", { detail: { location: [null] } }, true],
    ["empty string matches empty string", { detail: { note: [""] } }, true],
    ["array event value matches when any element does", { detail: { tags: ["web"] } }, true],
    ["prefix", { time: [{ prefix: "2017-12-22" }] }, true],
    ["prefix, other", { time: [{ prefix: "2018" }] }, false],
    ["prefix ignoring case", { source: [{ prefix: { "equals-ignore-case": "AWS." } }] }, true],
    ["suffix", { detail: { "file-name": [{ suffix: ".PNG" }] } }, true],
    ["suffix is case-sensitive", { detail: { "file-name": [{ suffix: ".png" }] } }, false],
    ["suffix ignoring case", { detail: { "file-name": [{ suffix: { "equals-ignore-case": ".png" } }] } }, true],
    ["equals-ignore-case", { detail: { state: [{ "equals-ignore-case": "TERMINATED" }] } }, true],
    ["anything-but a value", { detail: { state: [{ "anything-but": "initializing" }] } }, true],
    ["anything-but the same value", { detail: { state: [{ "anything-but": "terminated" }] } }, false],
    ["anything-but a list", { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }, true],
    [
      "anything-but a list holding the value",
      { detail: { state: [{ "anything-but": ["stopped", "terminated"] }] } },
      false,
    ],
    ["anything-but a number", { detail: { "c-count": [{ "anything-but": 5 }] } }, false],
    ["anything-but a prefix", { detail: { state: [{ "anything-but": { prefix: "init" } }] } }, true],
    ["anything-but a matching prefix", { detail: { state: [{ "anything-but": { prefix: "term" } }] } }, false],
    ["anything-but a suffix", { detail: { "file-name": [{ "anything-but": { suffix: ".PNG" } }] } }, false],
    [
      "anything-but ignoring case",
      { detail: { state: [{ "anything-but": { "equals-ignore-case": "TERMINATED" } }] } },
      false,
    ],
    ["anything-but a wildcard", { detail: { state: [{ "anything-but": { wildcard: "term*" } }] } }, false],
    ["anything-but does not match an absent field", { detail: { missing: [{ "anything-but": "x" }] } }, false],
    ["numeric range", { detail: { "c-count": [{ numeric: [">", 0, "<=", 5] }] } }, true],
    ["numeric range, outside", { detail: { "d-count": [{ numeric: [">", 0, "<=", 5] }] } }, false],
    ["numeric equals", { detail: { "c-count": [{ numeric: ["=", 5] }] } }, true],
    ["numeric does not match strings", { detail: { state: [{ numeric: [">", 0] }] } }, false],
    ["exists true", { detail: { state: [{ exists: true }] } }, true],
    ["exists true on an absent field", { detail: { missing: [{ exists: true }] } }, false],
    ["exists false on an absent field", { detail: { missing: [{ exists: false }] } }, true],
    ["exists false on a present field", { detail: { state: [{ exists: false }] } }, false],
    ["exists false under an absent object", { detail: { nothing: { here: [{ exists: false }] } } }, true],
    ["wildcard", { resources: [{ wildcard: "arn:aws:ec2:us-west-1:*:instance/*" }] }, true],
    ["wildcard, other", { resources: [{ wildcard: "arn:aws:ec2:eu-west-1:*" }] }, false],
    ["cidr", { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } }, true],
    ["cidr, outside", { detail: { "source-ip": [{ cidr: "10.0.1.0/24" }] } }, false],
    [
      "$or, one branch matches",
      { detail: { $or: [{ "c-count": [{ numeric: [">", 10] }] }, { "d-count": [{ numeric: [">", 10] }] }] } },
      true,
    ],
    [
      "$or, no branch matches",
      { detail: { $or: [{ "c-count": [{ numeric: [">", 10] }] }, { "d-count": [{ numeric: ["<", 10] }] }] } },
      false,
    ],
    ["every field must match (AND)", { source: ["aws.ec2"], detail: { state: ["running"] } }, false],
    ["an empty pattern matches everything", {}, true],
  ])("%s", (_name, pattern, expected) => {
    // Prepare: the documentation's example event; Act
    const matched = matchesEventPattern(pattern, ec2Event);
    // Assess
    expect(matched).toBe(expected);
  });

  it("matches the project's rule against the fixture shape, not against a different detail-type", () => {
    const pattern = { source: ["aws.sagemaker"], "detail-type": ["SageMaker Endpoint State Change"] };
    expect(
      matchesEventPattern(pattern, { source: "aws.sagemaker", "detail-type": "SageMaker Endpoint State Change" }),
    ).toBe(true);
    expect(
      matchesEventPattern(pattern, { source: "aws.sagemaker", "detail-type": "SageMaker Training Job State Change" }),
    ).toBe(false);
  });

  it.each([
    ["a bare value instead of an array", { source: "aws.ec2" }],
    ["an empty array", { source: [] }],
    ["an unknown operator", { source: [{ regex: ".*" }] }],
    ["a malformed numeric", { detail: { "c-count": [{ numeric: [">"] }] } }],
    ["a single-branch $or", { $or: [{ source: ["aws.ec2"] }] }],
  ])("rejects %s", (_name, pattern) => {
    expect(() => matchesEventPattern(pattern, ec2Event)).toThrow(InvalidEventPatternError);
  });
});
