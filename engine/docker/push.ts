import type { PushImageOptions } from "../runtime/runtime.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import type { EngineClient } from "./client.js";
import { progressRecord } from "./resources.js";
import { jsonObjects } from "./streams.js";

/** One record of the engine's push stream. */
interface PushRecord {
  readonly id?: string;
  readonly status?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
}

/**
 * The engine wants credentials for every push, even anonymous ones: base64 of `{}` says "none"
 * (the docker CLI sends the same when no login is stored).
 */
const NO_AUTH = Buffer.from("{}").toString("base64");

/** `localhost:5000/app:1` → name `localhost:5000/app`, tag `1`; `latest` when there is none. */
export function splitReference(ref: string): { name: string; tag: string } {
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  return colon > slash ? { name: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { name: ref, tag: "latest" };
}

/**
 * Pushes an image over `POST /images/{name}/push?tag=…` and reads the JSON progress stream. The
 * engine answers 200 and reports failures inside the stream (`{"error": …}`): an image it does
 * not have is `not-found`, anything else (an unreachable or refusing registry) is `other`.
 */
export async function pushImage(client: EngineClient, ref: string, options: PushImageOptions = {}): Promise<void> {
  if (ref.includes("@")) throw new RuntimeError("other", `pushing ${ref}: cannot push a digest reference`);
  const { name, tag } = splitReference(ref);
  const res = await client.stream({
    method: "POST",
    path: `/images/${name}/push`,
    query: { tag },
    headers: { "X-Registry-Auth": NO_AUTH },
    ...(options.signal ? { signal: options.signal } : {}),
    context: `pushing ${ref}`,
  });
  for await (const raw of jsonObjects(res)) {
    const r = raw as PushRecord;
    const error = r.errorDetail?.message ?? r.error;
    if (error) {
      const reason = /does not exist locally|no such image/i.test(error) ? "not-found" : "other";
      throw new RuntimeError(reason, `pushing ${ref}: ${error}`, { engineMessage: error });
    }
    options.onProgress?.(progressRecord(r));
  }
}
