import type { App } from "sst/constructs";
import { Api } from "./Api.js";
import { Events } from "./Events.js";
import { zodEnglishOnly } from "./esbuild/zod-english-only.js";
import { Secrets } from "./Secrets.js";
import { Storage } from "./Storage.js";

/** Sets the app's function defaults and adds its stacks; shared by sst.config.ts and the stack tests. */
export function configureApp(app: App): void {
  app.setDefaultFunctionProps({
    runtime: "nodejs22.x",
    architecture: "arm_64",
    memorySize: 512,
    timeout: 30,
    nodejs: { format: "esm", minify: true, sourcemap: true, esbuild: { plugins: [zodEnglishOnly] } },
    environment: { POWERTOOLS_SERVICE_NAME: "sagemaker-lifecycle", NODE_OPTIONS: "--enable-source-maps" },
  });
  app.stack(Storage).stack(Secrets).stack(Events).stack(Api);
}
