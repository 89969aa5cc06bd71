/**
 * Cold start per Lambda function, bundled as deployed (esbuild, ESM, minified, the AWS SDK
 * bundled in), beside a floor bundled the same way: a bare handler that imports only the
 * AWS SDK clients the function's bundle contains.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { FUNCTIONS } from "../packages/core/src/events/rules.js";
import { API_ROUTES } from "../packages/core/src/http/routes.js";
import { zodEnglishOnly } from "../stacks/esbuild/zod-english-only.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(root, "bench/.build");
const BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** The SDK client packages and the export to import from each, for the floor. */
const CLIENT_EXPORTS: Record<string, string> = {
  "@aws-sdk/client-dynamodb": "DynamoDBClient",
  "@aws-sdk/lib-dynamodb": "DynamoDBDocumentClient",
  "@aws-sdk/client-sagemaker": "SageMakerClient",
  "@aws-sdk/client-sagemaker-featurestore-runtime": "SageMakerFeatureStoreRuntimeClient",
  "@aws-sdk/client-application-auto-scaling": "ApplicationAutoScalingClient",
  "@aws-sdk/client-s3": "S3Client",
  "@aws-sdk/client-ssm": "SSMClient",
};

async function bundle(entry: string, outfile: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    format: "esm",
    mainFields: ["module", "main"],
    banner: { js: BANNER },
    metafile: true,
    logLevel: "silent",
    plugins: [zodEnglishOnly],
  });
  return result.metafile;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Module initialisation time of a bundle: median over `runs` fresh Node processes. */
function initTimeMs(file: string, runs: number): number {
  const script = `const t=process.hrtime.bigint();await import(${JSON.stringify(`file://${file}`)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, AWS_REGION: "us-east-1" },
    });
    times.push(Number(output.toString()));
  }
  return median(times);
}

export interface ColdStartRow {
  readonly fn: string;
  readonly sizeKb: number;
  readonly floorSizeKb: number;
  readonly initMs: number;
  readonly floorInitMs: number;
  readonly clients: string[];
}

export async function measureColdStarts(runs = 20, log: (line: string) => void = () => {}): Promise<ColdStartRow[]> {
  mkdirSync(out, { recursive: true });
  const modules = new Map<string, string>();
  for (const fn of Object.values(FUNCTIONS)) modules.set(fn.handler.replace(/\.\w+$/, ""), fn.handler);
  for (const route of API_ROUTES) modules.set(route.handler.replace(/\.\w+$/, ""), route.handler);
  const rows: ColdStartRow[] = [];
  const floors = new Map<string, { sizeKb: number; initMs: number }>();
  for (const moduleName of modules.keys()) {
    const name = moduleName.replace(/\//g, "-");
    const file = resolve(out, `${name}.mjs`);
    const metafile = await bundle(resolve(root, `packages/functions/src/${moduleName}.ts`), file);
    // The clients whose code is in the bundle (the metafile also lists inputs that tree shaking emptied).
    const inBundle = Object.values(metafile.outputs).flatMap((o) =>
      Object.entries(o.inputs)
        .filter(([, i]) => i.bytesInOutput > 0)
        .map(([path]) => path),
    );
    const clients = Object.keys(CLIENT_EXPORTS).filter((pkg) =>
      inBundle.some((input) => input.includes(`node_modules/${pkg}/`)),
    );
    const key = clients.join(",") || "none";
    let floor = floors.get(key);
    if (!floor) {
      const source = resolve(out, `floor-${floors.size}.ts`);
      writeFileSync(
        source,
        `${clients.map((pkg, i) => `import { ${CLIENT_EXPORTS[pkg]} as C${i} } from "${pkg}";`).join("\n")}\nexport const clients = [${clients.map((_, i) => `C${i}`).join(", ")}];\nexport const handler = async () => ({ statusCode: 200, body: String(clients.length) });\n`,
      );
      const floorFile = resolve(out, `floor-${floors.size}.mjs`);
      await bundle(source, floorFile);
      floor = { sizeKb: statSync(floorFile).size / 1024, initMs: initTimeMs(floorFile, runs) };
      floors.set(key, floor);
    }
    const row = {
      fn: moduleName,
      sizeKb: statSync(file).size / 1024,
      floorSizeKb: floor.sizeKb,
      initMs: initTimeMs(file, runs),
      floorInitMs: floor.initMs,
      clients,
    };
    log(
      `  ${moduleName}: ${row.sizeKb.toFixed(0)} KB (floor ${row.floorSizeKb.toFixed(0)}), init ${row.initMs.toFixed(1)} ms (floor ${row.floorInitMs.toFixed(1)})`,
    );
    rows.push(row);
  }
  return rows;
}

export function bundleText(moduleName: string): string {
  return readFileSync(resolve(out, `${moduleName.replace(/\//g, "-")}.mjs`), "utf8");
}
