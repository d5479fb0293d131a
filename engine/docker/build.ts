import { Readable } from "node:stream";
import type { BuildImageOptions } from "../runtime/runtime.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import type { EngineClient } from "./client.js";
import { jsonObjects } from "./streams.js";

/** One record of the engine's `/build` progress stream. */
interface BuildRecord {
  readonly stream?: string;
  readonly status?: string;
  readonly id?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string; readonly code?: number };
  readonly progress?: string;
  readonly aux?: { readonly ID?: string };
}

/**
 * The `/build` query for the classic builder (`version=1`). `t` and `extrahosts` repeat, which a
 * plain key→value query cannot express, so the whole query string is made here.
 */
export function buildQuery(o: Omit<BuildImageOptions, "context" | "signal" | "onOutput">): string {
  const q = new URLSearchParams();
  q.set("dockerfile", o.dockerfile);
  for (const t of o.tags) q.append("t", t);
  for (const h of o.extraHosts ?? []) q.append("extrahosts", h.replace("=", ":"));
  q.set("rm", "1");
  q.set("forcerm", "1");
  q.set("version", "1");
  if (o.noCache) q.set("nocache", "1");
  if (o.pull) q.set("pull", "1");
  if (o.target) q.set("target", o.target);
  if (o.networkMode) q.set("networkmode", o.networkMode);
  if (o.platform) q.set("platform", o.platform);
  if (o.shmSizeBytes !== undefined) q.set("shmsize", String(o.shmSizeBytes));
  if (o.memoryBytes !== undefined) q.set("memory", String(o.memoryBytes));
  if (o.buildArgs && Object.keys(o.buildArgs).length > 0) q.set("buildargs", JSON.stringify(o.buildArgs));
  if (o.labels && Object.keys(o.labels).length > 0) q.set("labels", JSON.stringify(o.labels));
  if (o.cacheFrom?.length) q.set("cachefrom", JSON.stringify(o.cacheFrom));
  return q.toString();
}

/**
 * Builds an image over `POST /build`, streaming the context archive and reading the JSON progress
 * stream: `stream` text is cut into lines for `onOutput`, `aux.ID` is the new image id (older
 * engines only print `Successfully built <id>`), and an `error` record rejects with the engine's
 * message. A stream that ends without an id is an error too.
 */
export async function buildImage(client: EngineClient, options: BuildImageOptions): Promise<{ imageId: string }> {
  const { context, signal, onOutput } = options;
  const file = context instanceof Readable ? context : Readable.from(context, { objectMode: false });
  const res = await client.stream({
    method: "POST",
    path: `/build?${buildQuery(options)}`,
    file,
    ...(signal ? { signal } : {}),
    context: `building ${options.tags[0] ?? "an image"}`,
  });
  let imageId: string | undefined;
  let shortId: string | undefined;
  let partial = "";
  const emit = (text: string) => {
    partial += text;
    const lines = partial.split(/\r?\n/);
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const built = /^Successfully built ([0-9a-f]{12,64})$/.exec(line);
      if (built?.[1]) shortId = built[1];
      onOutput?.(line);
    }
  };
  for await (const raw of jsonObjects(res)) {
    const r = raw as BuildRecord;
    if (r.error || r.errorDetail?.message) {
      if (partial) emit("\n");
      const message = r.errorDetail?.message ?? r.error ?? "build failed";
      throw new RuntimeError("other", message, { engineMessage: message });
    }
    if (typeof r.stream === "string") emit(r.stream);
    else if (r.status && !r.progress) emit(`${r.id ? `${r.id}: ` : ""}${r.status}\n`);
    if (r.aux?.ID) imageId = r.aux.ID;
  }
  if (partial) emit("\n");
  if (imageId) return { imageId };
  if (!shortId) throw new RuntimeError("other", `building ${options.tags[0] ?? "an image"}: the engine reported no image id`);
  const image = await client.json<{ Id: string }>({ method: "GET", path: `/images/${shortId}/json`, context: `inspecting built image ${shortId}` });
  return { imageId: image.Id };
}
