import { describe, expect, it } from "vitest";
import { LABELS } from "../runtime/labels.js";
import { stopServices } from "./lifecycle.js";
import { projectLogs, type LogSource } from "./logs.js";
import { listProjects } from "./ls.js";
import { MemoryRuntime } from "../memory/memory-runtime.js";
import { servicePort } from "./port.js";
import { composeEvent, projectEvents, rfc3339Nano } from "./project-events.js";
import { imagesToRemove, parseImageReference, projectImages } from "./project-images.js";
import { psProject, type PsEntry } from "./ps.js";
import { projectTop, topTable } from "./top.js";
import { VERBS_FOREVER, VERBS_IMAGE, verbsRig } from "../../test/kits/verbs-kit.js";

const COMPOSE = `
name: shop
services:
  db:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo db ready; ${VERBS_FOREVER}"]
  web:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo one; echo two >&2; ${VERBS_FOREVER}"]
    depends_on: [db]
    ports: ["8080:80", "9090:90/udp"]
    labels: {tier: front}
  job:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo done; exit 3"]
`;

async function upRig() {
  const rig = verbsRig(COMPOSE);
  await rig.up();
  await rig.runtime.waitContainer("shop-job-1");
  // The simulated shells run on their own; wait until web has written both lines.
  for (let i = 0; i < 100; i++) {
    const lines: string[] = [];
    for await (const l of rig.runtime.logs("shop-web-1")) lines.push(l.text);
    if (lines.length >= 2) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return rig;
}

describe("ps", () => {
  it("lists running containers sorted by name, in Compose's JSON shape", async () => {
    const rig = await upRig();
    const now = Date.now() + 5 * 60_000;
    const list = await psProject(rig.runtime, { ref: rig.ref, now });
    expect(list.map((e) => e.Name)).toEqual(["shop-db-1", "shop-web-1"]);
    const web = list[1] as PsEntry;
    expect(web).toMatchObject({
      Names: "shop-web-1",
      Image: VERBS_IMAGE,
      Project: "shop",
      Service: "web",
      State: "running",
      Health: "",
      ExitCode: 0,
      RunningFor: "5 minutes ago",
      Networks: "shop_default",
      LocalVolumes: "0",
    });
    expect(web.ID).toMatch(/^[0-9a-f]{64}$/);
    // As the engine's container list shows it: an argument with a space is single-quoted.
    expect(web.Command).toBe(`sh -c 'echo one; echo two >&2; ${VERBS_FOREVER}'`);
    expect(web.CreatedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/);
    expect(web.Status).toMatch(/^Up/);
    expect(web.Labels.split(",")).toContain("tier=front");
    expect(web.Publishers.map((p) => `${p.PublishedPort}->${p.TargetPort}/${p.Protocol}`)).toContain("8080->80/tcp");
    expect(web.Ports).toContain("8080->80/tcp");
    expect(Object.keys(web).sort()).toEqual(
      ["Command", "CreatedAt", "ExitCode", "Health", "ID", "Image", "Labels", "LocalVolumes", "Mounts", "Name", "Names", "Networks", "Ports", "Project", "Publishers", "RunningFor", "Service", "Size", "State", "Status"].sort(),
    );
  });

  it("-a adds stopped containers with their exit code; --status filters by state", async () => {
    const rig = await upRig();
    const all = await psProject(rig.runtime, { ref: rig.ref, all: true });
    expect(all.map((e) => e.Name)).toEqual(["shop-db-1", "shop-job-1", "shop-web-1"]);
    expect(all.find((e) => e.Service === "job")).toMatchObject({ State: "exited", ExitCode: 3 });
    const exited = await psProject(rig.runtime, { ref: rig.ref, status: ["exited"] });
    expect(exited.map((e) => e.Name)).toEqual(["shop-job-1"]);
  });

  it("filters by service and leaves orphans out with orphans: false", async () => {
    const rig = await upRig();
    expect((await psProject(rig.runtime, { ref: rig.ref, services: ["db"] })).map((e) => e.Service)).toEqual(["db"]);
    const smaller = { ...rig.project, services: { db: rig.project.services["db"] } } as unknown as typeof rig.project;
    const ref = { name: "shop", project: smaller };
    expect((await psProject(rig.runtime, { ref })).map((e) => e.Service)).toEqual(["db", "web"]);
    expect((await psProject(rig.runtime, { ref, orphans: false })).map((e) => e.Service)).toEqual(["db"]);
  });

  it("shows health of a running container with a healthcheck", async () => {
    const rig = verbsRig(`
name: h
services:
  db:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
    healthcheck: {test: ["CMD", "true"], interval: 1s}
`);
    await rig.up();
    await rig.runtime.waitContainer("h-db-1", { condition: "next-exit", signal: AbortSignal.timeout(1500) }).catch(() => undefined);
    const [db] = await psProject(rig.runtime, { ref: rig.ref });
    expect(db?.Health).toBe("healthy");
  });
});

describe("logs", () => {
  function collect() {
    const lines: string[] = [];
    const exits: string[] = [];
    let begun: readonly LogSource[] = [];
    return {
      lines,
      exits,
      get begun() {
        return begun;
      },
      consumer: {
        begin: (s: readonly LogSource[]) => void (begun = s),
        line: (s: LogSource, l: { stream: string; text: string }) => void lines.push(`${s.service}-${s.number} ${l.stream} ${l.text}`),
        exited: (s: LogSource, code: number) => void exits.push(`${s.name} ${code}`),
      },
    };
  }

  it("prints each container's whole log, one container after another, stderr kept apart", async () => {
    const rig = await upRig();
    const out = collect();
    await projectLogs(rig.runtime, { ref: rig.ref }, out.consumer);
    expect(out.begun.map((s) => s.name)).toEqual(["shop-db-1", "shop-job-1", "shop-web-1"]);
    expect(out.lines).toEqual(["db-1 stdout db ready", "job-1 stdout done", "web-1 stdout one", "web-1 stderr two"]);
  });

  it("filters by service and index, and takes the tail", async () => {
    const rig = await upRig();
    const out = collect();
    await projectLogs(rig.runtime, { ref: rig.ref, services: ["web"], index: 1, tail: 1 }, out.consumer);
    expect(out.lines).toEqual(["web-1 stderr two"]);
    const none = collect();
    await projectLogs(rig.runtime, { ref: rig.ref, services: ["web"], index: 2 }, none.consumer);
    expect(none.begun).toEqual([]);
  });

  it("rejects a service the project does not have", async () => {
    const rig = await upRig();
    await expect(projectLogs(rig.runtime, { ref: rig.ref, services: ["nope"] }, collect().consumer)).rejects.toMatchObject({ code: "E_NO_SUCH_SERVICE" });
  });

  it("follows until every container has stopped, reporting exits", async () => {
    const rig = await upRig();
    const out = collect();
    const following = projectLogs(rig.runtime, { ref: rig.ref, services: ["db", "web"], follow: true }, out.consumer);
    await new Promise((r) => setTimeout(r, 100));
    await stopServices(rig.deps, { ref: rig.ref, timeoutSeconds: 1 });
    await following;
    expect(out.exits.sort()).toEqual(["shop-db-1 0", "shop-web-1 0"]);
    expect(out.lines).toContain("web-1 stdout one");
  });
});

describe("port", () => {
  it("prints the host side of a published port", async () => {
    const rig = await upRig();
    const [m] = await servicePort(rig.runtime, { projectName: "shop", service: "web", privatePort: 80 });
    expect(m).toMatchObject({ hostPort: 8080, containerPort: 80, protocol: "tcp" });
    const udp = await servicePort(rig.runtime, { projectName: "shop", service: "web", privatePort: 90, protocol: "udp" });
    expect(udp[0]?.hostPort).toBe(9090);
  });

  it("says which ports are published when the asked one is not", async () => {
    const rig = await upRig();
    await expect(servicePort(rig.runtime, { projectName: "shop", service: "web", privatePort: 81 })).rejects.toMatchObject({
      code: "E_PORT_NOT_PUBLISHED",
      message: expect.stringContaining("no port 81/tcp is published for container shop-web-1 (published: 80/tcp, 90/udp)"),
    });
  });

  it("fails clearly without a running container at that index", async () => {
    const rig = await upRig();
    await expect(servicePort(rig.runtime, { projectName: "shop", service: "web", privatePort: 80, index: 2 })).rejects.toMatchObject({ code: "E_NO_CONTAINER" });
  });
});

describe("ls", () => {
  it("lists projects by label with their states and config files", async () => {
    const runtime = new MemoryRuntime({ images: [{ ref: VERBS_IMAGE }] });
    const rig = verbsRig(COMPOSE, runtime);
    await rig.up();
    await runtime.waitContainer("shop-job-1");
    const other = verbsRig(`name: other\nservices:\n  a: {image: tscompose-busybox:latest, command: ["true"]}\n`, runtime);
    await other.up();
    await runtime.waitContainer("other-a-1");
    expect(await listProjects(runtime)).toEqual([{ Name: "shop", Status: "running(2)", ConfigFiles: "/p/compose.yaml" }]);
    expect(await listProjects(runtime, { all: true })).toEqual([
      { Name: "other", Status: "exited(1)", ConfigFiles: "/p/compose.yaml" },
      { Name: "shop", Status: "exited(1), running(2)", ConfigFiles: "/p/compose.yaml" },
    ]);
    expect((await listProjects(runtime, { all: true, name: ["^oth"] })).map((p) => p.Name)).toEqual(["other"]);
  });

  it("counts only containers with a config hash, as Compose (a container with just the project label is not a project's)", async () => {
    const runtime = new MemoryRuntime({ images: [{ ref: VERBS_IMAGE }] });
    await runtime.createContainer({ name: "stray", image: VERBS_IMAGE, labels: { "com.docker.compose.project": "stray" } });
    expect(await listProjects(runtime, { all: true })).toEqual([]);
  });
});

describe("top", () => {
  it("lists the processes of running containers in Compose's combined table", async () => {
    const rig = await upRig();
    const procs = await projectTop(rig.runtime, rig.ref);
    expect(procs.map((p) => p.name)).toEqual(["shop-db-1", "shop-web-1"]);
    const { headers, rows } = topTable(procs);
    expect(headers.slice(0, 2)).toEqual(["SERVICE", "#"]);
    expect(headers.at(-1)).toBe("CMD");
    expect(rows[0]?.slice(0, 2)).toEqual(["db", "1"]);
  });

  it("moves CMD last and fills missing columns with -", () => {
    const table = topTable([
      { name: "a-x-1", service: "x", number: 1, titles: ["PID", "CMD", "USER"], processes: [["1", "sh", "root"]] },
      { name: "a-y-1", service: "y", number: 1, titles: ["PID", "CMD"], processes: [["7", "top"]] },
    ]);
    expect(table).toEqual({ headers: ["SERVICE", "#", "PID", "USER", "CMD"], rows: [["x", "1", "1", "root", "sh"], ["y", "1", "7", "-", "top"]] });
  });
});

describe("images", () => {
  it("lists each container's image with repository and tag", async () => {
    const rig = await upRig();
    const images = await projectImages(rig.runtime, rig.ref, ["web", "db"]);
    expect(images.map((i) => [i.ContainerName, i.Repository, i.Tag, i.Platform])).toEqual([
      ["shop-db-1", "tscompose-busybox", "latest", "linux/amd64"],
      ["shop-web-1", "tscompose-busybox", "latest", "linux/amd64"],
    ]);
    expect(images[0]?.ID).toMatch(/^sha256:/);
  });

  it("reads references as Docker shows them", () => {
    expect(parseImageReference("busybox")).toEqual({ repository: "busybox", tag: "latest" });
    expect(parseImageReference("docker.io/library/nginx:1.27")).toEqual({ repository: "nginx", tag: "1.27" });
    expect(parseImageReference("localhost:5000/app")).toEqual({ repository: "localhost:5000/app", tag: "latest" });
    expect(parseImageReference(`app@sha256:${"a".repeat(64)}`)).toEqual({ repository: "app", tag: "" });
    expect(parseImageReference(`sha256:${"b".repeat(64)}`)).toEqual({ repository: "", tag: "" });
  });

  it("down --rmi: local picks built images, all adds the images services name", async () => {
    const runtime = new MemoryRuntime({ images: [{ ref: VERBS_IMAGE }, { ref: "shop-built:latest" }] });
    const rig = verbsRig(`name: shop\nservices:\n  web: {image: tscompose-busybox:latest, command: ["true"]}\n  app: {build: ., command: ["true"]}\n`, runtime);
    runtime.addImage({ ref: "shop-app:latest" });
    expect(await imagesToRemove(runtime, "shop", rig.project, "local")).toEqual(["shop-app:latest"]);
    expect(await imagesToRemove(runtime, "shop", rig.project, "all")).toEqual(["shop-app:latest", "tscompose-busybox:latest"]);
  });
});

describe("events", () => {
  it("converts engine events to Compose's shape, dropping one-offs and compose labels", () => {
    const ev = {
      type: "container",
      action: "health_status",
      status: "healthy" as const,
      id: "abc",
      attributes: { [LABELS.service]: "web", [LABELS.project]: "shop", name: "shop-web-1", image: "busybox" },
      timeNano: 1_700_000_000_123_456_000,
    };
    expect(composeEvent(ev)).toEqual({
      time: "2023-11-14T22:13:20.123456Z",
      type: "container",
      service: "web",
      id: "abc",
      action: "health_status: healthy",
      attributes: { name: "shop-web-1", image: "busybox" },
    });
    expect(composeEvent({ ...ev, attributes: { ...ev.attributes, [LABELS.oneoff]: "True" } })).toBeUndefined();
    expect(composeEvent(ev, new Set(["db"]))).toBeUndefined();
    expect(rfc3339Nano(1_700_000_000_000_000_000)).toBe("2023-11-14T22:13:20Z");
  });

  it("replays the project's container events", async () => {
    const since = Date.now() / 1000 - 1;
    const rig = await upRig();
    // The job's `die` is recorded just after its wait resolves; `until` must not fall before it.
    await new Promise((r) => setTimeout(r, 50));
    const seen: string[] = [];
    for await (const ev of projectEvents(rig.runtime, { projectName: "shop", services: ["job"], since, until: Date.now() / 1000 })) seen.push(ev.action);
    expect(seen).toEqual(expect.arrayContaining(["create", "start", "die"]));
  });
});
