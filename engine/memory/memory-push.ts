import type { PushImageOptions } from "../runtime/runtime.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import { normalizeRef, type MemoryState } from "./memory-state.js";

/**
 * A pretend `docker push`: the image must be present locally under that tag (else `not-found`,
 * with the engine's words). When `accept` is false the registry is unreachable, as every
 * registry is for an engine without network, and the push fails with the engine's message;
 * when true the image joins the pretend registry, so a later pull finds it.
 */
export function memoryPush(state: MemoryState, ref: string, accept: boolean, options: PushImageOptions = {}): void {
  if (ref.includes("@")) throw new RuntimeError("other", `pushing ${ref}: cannot push a digest reference`);
  const tag = normalizeRef(ref);
  const name = tag.slice(0, tag.lastIndexOf(":"));
  const image = [...state.images.values()].find((i) => i.tags.includes(tag));
  if (!image) throw new RuntimeError("not-found", `pushing ${ref}: An image does not exist locally with the tag: ${name}`, { engineMessage: `An image does not exist locally with the tag: ${name}` });
  options.onProgress?.({ status: `The push refers to repository [${name}]` });
  if (!accept) {
    const message = `Get "${registryUrl(name)}/v2/": dial tcp ${registryHost(name)}: connect: connection refused`;
    throw new RuntimeError("other", `pushing ${ref}: ${message}`, { engineMessage: message });
  }
  state.registry.set(tag, { ...image.seed, ref: tag });
  options.onProgress?.({ status: `${tag.slice(name.length + 1)}: digest: ${image.id} size: 528` });
  state.events.emit("image", "push", tag, { name: tag });
}

/** The registry a repository name points at: its first component when that is a host, else Docker Hub. */
function registryHost(name: string): string {
  const first = name.split("/")[0] ?? "";
  return name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "registry-1.docker.io";
}

function registryUrl(name: string): string {
  const host = registryHost(name);
  return /^(localhost|127\.)/.test(host) ? `http://${host}` : `https://${host}`;
}
