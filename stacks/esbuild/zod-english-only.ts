/**
 * An esbuild plugin that bundles zod's English messages only. zod re-exports all of its
 * ~50 locales from one index (`z.locales`), which no bundler can tree-shake: about 300 KB
 * of every function's bundle, measured by `npm run bench`. The API and the functions only
 * speak English, so the index is replaced by one that exports `en`.
 */
import type { Plugin } from "esbuild";

export const zodEnglishOnly: Plugin = {
  name: "zod-english-only",
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/].*[\\/]locales[\\/]index\.(c?js|mjs)$/ }, (args) => ({
      contents: args.path.endsWith(".cjs")
        ? `"use strict";Object.defineProperty(exports,"__esModule",{value:true});exports.en=require("./en.cjs").default;`
        : `export { default as en } from "./en.js";`,
      loader: "js",
    }));
  },
};
