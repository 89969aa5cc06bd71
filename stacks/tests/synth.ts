import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject } from "sst/project.js";
import { Api } from "../Api.js";
import { Events } from "../Events.js";
import { configureApp } from "../index.js";
import { Storage } from "../Storage.js";

export interface SynthesizedApp {
  readonly storage: Template;
  readonly events: Template;
  readonly api: Template;
}

let synthesized: Promise<SynthesizedApp> | undefined;

/** Synthesizes the whole app once per test file, in deploy mode, as `sst deploy` would. */
export function synthesize(): Promise<SynthesizedApp> {
  synthesized ??= (async () => {
    await initProject({ stage: "test" });
    const app = new App({ mode: "deploy", stage: "test", name: "sagemaker-lifecycle", region: "us-east-1" });
    configureApp(app);
    return {
      storage: Template.fromStack(getStack(Storage)),
      events: Template.fromStack(getStack(Events)),
      api: Template.fromStack(getStack(Api)),
    };
  })();
  return synthesized;
}
