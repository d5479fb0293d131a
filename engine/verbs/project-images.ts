import type { Project } from "../../spec/project.js";
import { Reporter } from "../execute/execute-events.js";
import { defaultImageName, LABELS } from "../runtime/labels.js";
import { assertKnownServices, type ProjectRef } from "./project-view.js";
import type { Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";
import type { EngineDeps } from "./up.js";

/**
 * The image of one container, as `images --format json` prints it (Docker Compose's fields):
 * `{"ID":"sha256:…","ContainerName":"shop-web-1","Repository":"nginx","Tag":"1.27","Platform":"linux/amd64","Size":1990000,"Created":"…"}`.
 */
export interface ContainerImage {
  /** Full image id (`sha256:…`). */
  readonly ID: string;
  readonly ContainerName: string;
  /** Familiar repository name (`nginx`, `ghcr.io/org/app`); empty when the container runs an untagged id. */
  readonly Repository: string;
  /** Empty when the reference has no tag (a digest or an id). */
  readonly Tag: string;
  /** `os/arch` of the engine the image runs on. */
  readonly Platform: string;
  /** Bytes. */
  readonly Size: number;
  /** Creation time (ISO), when the engine knows it. */
  readonly Created?: string;
}

/** Repository and tag of an image reference as Docker shows them: `busybox` → `busybox`, `latest`. */
export function parseImageReference(ref: string): { repository: string; tag: string } {
  if (/^(sha256:)?[0-9a-f]{64}$/.test(ref)) return { repository: "", tag: "" };
  const [name = "", digest] = ref.split("@");
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const hasTag = colon > slash;
  const repo = hasTag ? name.slice(0, colon) : name;
  const tag = digest !== undefined ? "" : hasTag ? name.slice(colon + 1) : "latest";
  return { repository: familiarName(repo), tag };
}

function familiarName(repo: string): string {
  for (const prefix of ["docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"]) {
    if (repo.startsWith(prefix)) return repo.slice(prefix.length);
  }
  return repo;
}

/** `busybox` → `busybox:latest`: one spelling per image, for de-duplication and display. */
export function normalizeImageReference(ref: string): string {
  const { repository, tag } = parseImageReference(ref);
  if (!repository || ref.includes("@")) return ref;
  return `${repository}:${tag}`;
}

/**
 * The images the project's containers (one-offs included) run, one entry per container, sorted by
 * container name. An image removed since the container was created is left out.
 */
export async function projectImages(runtime: Runtime, ref: ProjectRef, services?: readonly string[]): Promise<ContainerImage[]> {
  const list = await runtime.listContainers({ all: true, labels: { [LABELS.project]: ref.name } });
  assertKnownServices(ref, list.map((c) => c.labels[LABELS.service] ?? ""), services);
  const named = services && services.length > 0 ? new Set(services) : undefined;
  const version = await runtime.version();
  const platform = `${version.os}/${version.arch}`;
  const entries = await Promise.all(
    list
      .filter((c) => !named || named.has(c.labels[LABELS.service] ?? ""))
      .map(async (c): Promise<ContainerImage | undefined> => {
        const image = (await runtime.inspectImage(c.image)) ?? (await runtime.inspectImage(c.imageId));
        if (!image) return undefined;
        const { repository, tag } = parseImageReference(c.image);
        return { ID: image.id, ContainerName: c.name, Repository: repository, Tag: tag, Platform: platform, Size: image.size, ...(image.created ? { Created: image.created } : {}) };
      }),
  );
  return entries.filter((e): e is ContainerImage => e !== undefined).sort((a, b) => (a.ContainerName < b.ContainerName ? -1 : a.ContainerName > b.ContainerName ? 1 : 0));
}

/** `down --rmi`: `local` removes images built for the project (no custom tag); `all` also the images services name. */
export type RemoveImagesMode = "local" | "all";

/**
 * The images `down --rmi MODE` removes, as Compose chooses them: images labelled with the project
 * (built by it) and the default `<project>-<service>` names of services without `image:`; with
 * `all`, also every image a service names (from the file, or the containers' images when the
 * file is gone). Only images present on the engine are listed; sorted, each once. Call it before
 * the containers are removed: without a file, they are what names the services.
 */
export async function imagesToRemove(runtime: Runtime, projectName: string, project: Project | undefined, mode: RemoveImagesMode): Promise<string[]> {
  const containers = await runtime.listContainers({ all: true, labels: { [LABELS.project]: projectName } });
  const services = project ? Object.keys(project.services) : [...new Set(containers.map((c) => c.labels[LABELS.service] ?? ""))].filter((s) => s !== "");
  const candidates: string[] = [];
  for (const img of await runtime.listImages({ labels: { [LABELS.project]: projectName } })) {
    const first = img.repoTags[0];
    if (first && first !== "<none>:<none>" && services.includes(img.labels[LABELS.service] ?? "")) candidates.push(first);
  }
  for (const s of services) if (!project?.services[s]?.image) candidates.push(defaultImageName(projectName, s));
  if (mode === "all") {
    const named = project ? Object.values(project.services).map((svc) => svc.image ?? "") : containers.map((c) => c.image);
    candidates.push(...named);
  }
  const unique = [...new Set(candidates.filter((c) => c !== "" && !/^(sha256:)?[0-9a-f]{64}$/.test(c)).map(normalizeImageReference))];
  const present = await Promise.all(unique.map(async (ref) => ((await runtime.inspectImage(ref)) ? ref : undefined)));
  return present.filter((r): r is string => r !== undefined).sort();
}

/**
 * Removes images (in parallel) with `Removing`/`Removed` rows. One already gone is skipped; one
 * still used by another container is left with a warning, as Compose does.
 */
export async function removeImages(deps: EngineDeps, refs: readonly string[]): Promise<void> {
  const report = new Reporter(deps.sink);
  await Promise.all(
    refs.map(async (ref) => {
      const row = { kind: "image" as const, name: ref };
      report.status(row, "Removing");
      try {
        await deps.runtime.removeImage(ref);
      } catch (error) {
        if (isRuntimeError(error, "not-found")) return report.status(row, "Removed", { done: true, ok: true });
        if (!isRuntimeError(error, "conflict")) throw error;
        report.status(row, "Warning", { done: true, detail: "Resource is still in use" });
        report.warn(`image ${ref} was not removed: it is still in use`);
        return;
      }
      report.status(row, "Removed", { done: true, ok: true });
    }),
  );
}
