import type { CommitContainerOptions, ExportContainerOptions } from "../runtime/runtime-export-commit-types.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import type { EngineClient } from "./client.js";
import { seg } from "./containers.js";

/**
 * Streams `GET /containers/{id}/export`: the container's filesystem as the engine tars it. The
 * request is made at the first read, so an unknown container fails there (`not-found`); an abort
 * ends the stream quietly.
 */
export async function* exportContainer(client: EngineClient, ref: string, options: ExportContainerOptions = {}): AsyncGenerator<Uint8Array> {
  if (options.signal?.aborted) return;
  const res = await client.stream({
    method: "GET",
    path: `/containers/${seg(ref)}/export`,
    ...(options.signal ? { signal: options.signal } : {}),
    context: `exporting container ${ref}`,
  });
  try {
    for await (const chunk of res) yield chunk as Uint8Array;
  } catch (error) {
    if (!options.signal?.aborted) throw error;
  } finally {
    res.destroy();
  }
}

/**
 * `POST /commit`: a new image from the container, `changes` sent as repeated parameters (the
 * engine applies them in order) and `pause` always said (the engine's default is true).
 * Resolves with the new image id.
 */
export async function commitContainer(client: EngineClient, ref: string, options: CommitContainerOptions = {}): Promise<string> {
  const res = await client.json<{ Id?: string } | undefined>({
    method: "POST",
    path: "/commit",
    query: {
      container: ref,
      repo: options.repo,
      tag: options.repo ? options.tag : undefined,
      comment: options.comment,
      author: options.author,
      pause: options.pause !== false,
      changes: options.changes && options.changes.length > 0 ? [...options.changes] : undefined,
    },
    context: `committing container ${ref}`,
  });
  if (!res?.Id) throw new RuntimeError("other", `committing container ${ref}: the engine did not return an image id`);
  return res.Id;
}
