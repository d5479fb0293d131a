import type { RepoTag } from "./commit-options.js";
import type { ContainerSummary, Runtime } from "../runtime/runtime.js";
import { serviceContainer } from "../oneoff/service-container.js";

/** The service container `export` and `commit` act on. */
export interface ServiceContainerTarget {
  readonly projectName: string;
  readonly service: string;
  /** `--index`: the container number; default the lowest-numbered running one. */
  readonly index?: number;
}

/** What `commitService` makes of the container. */
export interface CommitServiceOptions {
  /** The new image's name; omitted: an untagged image. Checked beforehand (`parseRepoTag`). */
  readonly reference?: RepoTag;
  readonly comment?: string;
  readonly author?: string;
  /** Dockerfile instructions for the image's config, checked beforehand (`checkCommitChanges`). */
  readonly changes?: readonly string[];
  /** Pause the container during the commit (default true). */
  readonly pause?: boolean;
  /** Find the container, commit nothing. */
  readonly dryRun?: boolean;
}

/**
 * The running container of the service that `export`/`commit` use, as Docker Compose picks it:
 * `--index` or the lowest-numbered one, by the project's and service's labels only (so nothing
 * outside the project is ever read), one-offs never. `E_NO_CONTAINER` when there is none, with
 * the same words as `exec`.
 */
export function targetContainer(runtime: Runtime, target: ServiceContainerTarget): Promise<ContainerSummary> {
  return serviceContainer(runtime, { ...target, running: true });
}

/**
 * `export SERVICE`: the chosen container and its filesystem as a tar stream (`docker export`:
 * volumes' contents are not in it). The container is found first, so a missing one fails before
 * any byte is produced; the caller decides where the bytes go.
 */
export async function exportService(
  runtime: Runtime,
  target: ServiceContainerTarget,
  options: { readonly signal?: AbortSignal } = {},
): Promise<{ container: ContainerSummary; tar: AsyncIterable<Uint8Array> }> {
  const container = await targetContainer(runtime, target);
  return { container, tar: runtime.exportContainer(container.id, options.signal ? { signal: options.signal } : {}) };
}

/**
 * `commit SERVICE [REPOSITORY[:TAG]]`: a new image from the chosen container (`docker commit`);
 * resolves with the container and the new image id (undefined with `dryRun`, which only finds
 * the container).
 */
export async function commitService(runtime: Runtime, target: ServiceContainerTarget, options: CommitServiceOptions = {}): Promise<{ container: ContainerSummary; imageId?: string }> {
  const container = await targetContainer(runtime, target);
  if (options.dryRun) return { container };
  const imageId = await runtime.commitContainer(container.id, {
    ...(options.reference ? { repo: options.reference.repo, ...(options.reference.tag !== undefined ? { tag: options.reference.tag } : {}) } : {}),
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    ...(options.author !== undefined ? { author: options.author } : {}),
    ...(options.changes && options.changes.length > 0 ? { changes: options.changes } : {}),
    pause: options.pause !== false,
  });
  return { container, imageId };
}
