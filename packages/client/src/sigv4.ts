/**
 * A `fetch` that signs every request with AWS Signature Version 4 for API Gateway
 * (`execute-api`): what the API's IAM authorization wants on AWS. Pass it to `createClient`.
 *
 * @example
 * import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
 * const api = createClient({ baseUrl, fetch: sigV4Fetch({ region: "eu-west-1", credentials: fromNodeProviderChain() }) });
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface SigV4FetchOptions {
  readonly region: string;
  /** Credentials, or a provider of them (the SDK's credential providers fit). */
  readonly credentials: Credentials | (() => Promise<Credentials>);
  readonly service?: string;
  readonly fetch?: typeof fetch;
}

export function sigV4Fetch(options: SigV4FetchOptions): typeof fetch {
  const signer = new SignatureV4({
    service: options.service ?? "execute-api",
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const doFetch = options.fetch ?? fetch;
  return (async (input: Parameters<typeof fetch>[0], init: Parameters<typeof fetch>[1] = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const headers: Record<string, string> = { host: url.host };
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const query: Record<string, string[]> = {};
    for (const name of new Set(url.searchParams.keys())) query[name] = url.searchParams.getAll(name);
    const signed = await signer.sign({
      method: init.method ?? "GET",
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers,
      ...(typeof init.body === "string" ? { body: init.body } : {}),
    });
    return doFetch(url, { ...init, headers: signed.headers as Record<string, string> });
  }) as typeof fetch;
}
