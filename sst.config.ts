import type { SSTConfig } from "sst";
import { configureApp } from "./stacks/index.js";

export default {
  config() {
    return { name: "sagemaker-lifecycle", region: process.env.AWS_REGION ?? "us-east-1" };
  },
  stacks(app) {
    configureApp(app);
  },
} satisfies SSTConfig;
