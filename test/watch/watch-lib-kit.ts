import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { RecordingSink } from "../../engine/runtime/engine-events.js";
import type { DockerRuntime } from "../../engine/docker/docker-runtime.js";
import { upProject } from "../../engine/verbs/up.js";
import { loadProject } from "../../spec/load.js";
import { formatWatchEvent, watchProject, type WatchEvent, type WatchSession } from "../../watch/watch-project.js";
import { execIn, Projects } from "../kits/up-kit.js";

/** A long-running command for compose files written by the tests. */
export const LONG = `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]`;

/** A project brought up and watched: the events so far, and a wait for the `count`-th matching one. */
export interface Watched {
  readonly events: WatchEvent[];
  readonly session: WatchSession;
  until(pred: (e: WatchEvent) => boolean, count?: number): Promise<WatchEvent>;
}

/**
 * What the watch-lib tests share on a real engine: fresh project names, temporary project
 * directories, `upAndWatch` with the real chokidar watcher, and `cleanup()` that closes every
 * session, removes the projects and images by label/name, and (with `final`) the directories.
 */
export class WatchLibRig {
  readonly projects: Projects;
  readonly images: string[] = [];
  private readonly sessions: WatchSession[] = [];
  private readonly dirs: string[] = [];

  constructor(private readonly runtime: () => DockerRuntime | undefined) {
    this.projects = new Projects(runtime);
  }

  /** Writes the files of a project into a fresh temporary directory. */
  async projectDir(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tsc-watch-lib-"));
    this.dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
    return dir;
  }

  /** Brings the project up on the real engine, then starts watching it with the real chokidar watcher. */
  async upAndWatch(dir: string, name: string, waitSteps = 1200): Promise<Watched> {
    const runtime = this.runtime()!;
    const loaded = loadProject({ workingDir: dir, env: {}, projectName: name });
    const deps = { runtime, sink: new RecordingSink() };
    const origin = { projectDir: dir, configFiles: loaded.files };
    await upProject(deps, { project: loaded.project, origin });
    const events: WatchEvent[] = [];
    const session = await watchProject(deps, { project: loaded.project, origin, onEvent: (e) => events.push(e) });
    this.sessions.push(session);
    await session.ready;
    const until = async (pred: (e: WatchEvent) => boolean, count = 1): Promise<WatchEvent> => {
      for (let i = 0; i < waitSteps; i++) {
        const found = events.filter(pred);
        if (found.length >= count) return found[count - 1]!;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`timed out waiting for a watch event; got: ${events.map(formatWatchEvent).join("; ")}`);
    };
    return { events, until, session };
  }

  /** Runs a shell script in a container; its stdout and stderr together. */
  async sh(container: string, script: string): Promise<string> {
    const r = await execIn(this.runtime()!, container, ["sh", "-c", script]);
    return r.stdout + r.stderr;
  }

  /** Closes the sessions, removes the projects and images; `final` also removes the directories. */
  async cleanup(final = false): Promise<void> {
    await Promise.allSettled(this.sessions.splice(0).map((s) => s.close()));
    await this.projects.cleanup();
    const runtime = this.runtime();
    if (runtime) await Promise.allSettled(this.images.splice(0).map((i) => runtime.removeImage(i, { force: true })));
    if (final) await Promise.allSettled(this.dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  }
}
