/**
 * A rig for the lifecycle and inspection verbs' unit tests: a project loaded from text, a
 * MemoryRuntime holding the test image, a recording sink, and `up` to create the containers.
 * Test support only.
 */
import { PassThrough } from "node:stream";
import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import { RecordingSink, type ResourceEvent } from "../../engine/runtime/engine-events.js";
import { MemoryRuntime } from "../../engine/memory/memory-runtime.js";
import type { ProjectRef } from "../../engine/verbs/project-view.js";
import { upProject, type EngineDeps } from "../../engine/verbs/up.js";

/** The image every verbs test uses. */
export const VERBS_IMAGE = "tscompose-busybox:latest";
/** A container command that runs until stopped. */
export const VERBS_FOREVER = "trap 'exit 0' TERM; while :; do sleep 1; done";

/** A loaded project, a memory engine and a sink. */
export interface VerbsRig {
  readonly project: Project;
  readonly runtime: MemoryRuntime;
  readonly sink: RecordingSink;
  readonly deps: EngineDeps;
  /** The project as verbs see it with the compose file present. */
  readonly ref: ProjectRef;
  /** `up -d` (or `create` with `noStart`) of the whole project or some services. */
  up(options?: { services?: string[]; noStart?: boolean }): Promise<void>;
  /** The container names of the sink's resource events with `status`, in order. */
  rows(status: string): string[];
}

/** Builds a rig for the compose file `text` (project directory `/p`). */
export function verbsRig(text: string, runtime = new MemoryRuntime({ images: [{ ref: VERBS_IMAGE }] })): VerbsRig {
  const project = loadProject({ workingDir: "/p", env: {} }, memoryHost({ "/p/compose.yaml": text })).project;
  const sink = new RecordingSink();
  const deps: EngineDeps = { runtime, sink };
  return {
    project,
    runtime,
    sink,
    deps,
    ref: { name: project.name, project },
    async up(options = {}) {
      await upProject(deps, {
        project,
        origin: { projectDir: "/p", configFiles: ["/p/compose.yaml"] },
        ...(options.services ? { services: options.services } : {}),
        ...(options.noStart ? { noStart: true } : {}),
      });
      sink.events.length = 0;
    },
    rows(status) {
      return sink.events.filter((e): e is ResourceEvent => e.type === "resource" && e.status === status).map((e) => e.name);
    },
  };
}

/** A stream that keeps what is written to it, as text. */
export function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.setEncoding("utf8").on("data", (c: string) => (text += c));
  return { stream, text: () => text };
}
