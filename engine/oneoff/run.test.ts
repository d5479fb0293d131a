import { describe, expect, it } from "vitest";
import { LABELS } from "../runtime/labels.js";
import { attachOneOff, prepareOneOff, type RunRequest } from "./run.js";
import { oneOffService } from "./run-options.js";
import type { ServiceConfig } from "../../spec/project.js";
import { VERBS_FOREVER, verbsRig, type VerbsRig, capture } from "../../test/kits/verbs-kit.js";

const COMPOSE = `
name: shop
services:
  db:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
    healthcheck: {test: ["CMD", "true"], interval: 1s, start_period: 0s}
  job:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo from-file"]
    restart: always
    container_name: fixed-name
    ports: ["8080:80"]
    environment: {A: "1", B: "2"}
    depends_on: {db: {condition: service_healthy}}
    networks: {default: {aliases: [jobby]}}
`;

function request(rig: VerbsRig, extra: Partial<RunRequest> = {}): RunRequest {
  return { project: rig.project, origin: { projectDir: "/p", configFiles: ["/p/compose.yaml"] }, service: "job", options: {}, ...extra };
}

describe("run", () => {
  it("starts the dependency, waits for it to be healthy, then runs the one-off and returns its exit code", async () => {
    const rig = verbsRig(COMPOSE);
    const oneOff = await prepareOneOff(rig.deps, request(rig, { options: { command: ["sh", "-c", "echo out; echo err >&2; exit 3"] } }));
    const db = await rig.runtime.inspectContainer("shop-db-1");
    expect(db.state.health).toBe("healthy");
    expect(oneOff.name).toMatch(/^shop-job-run-[0-9a-f]{12}$/);
    const out = capture();
    const err = capture();
    const code = await attachOneOff(rig.deps, oneOff, { streams: { stdout: out.stream, stderr: err.stream } });
    expect(code).toBe(3);
    expect(out.text()).toBe("out\n");
    expect(err.text()).toBe("err\n");
  });

  it("removes the one-off it created when a dependency turns unhealthy, and fails naming it", async () => {
    const rig = verbsRig(COMPOSE.replace('test: ["CMD", "true"], interval: 1s', 'test: ["CMD", "false"], interval: 100ms, retries: 1'));
    await expect(prepareOneOff(rig.deps, request(rig))).rejects.toThrow(/db/);
    const left = await rig.runtime.listContainers({ all: true, labels: { [LABELS.project]: "shop", [LABELS.oneoff]: "True" } });
    expect(left).toEqual([]);
  });

  it("feeds stdin to the one-off through an attachment and passes its output through byte for byte", async () => {
    const rig = verbsRig(COMPOSE);
    const oneOff = await prepareOneOff(rig.deps, request(rig, { attachStdin: true, options: { command: ["cat"] } }));
    expect((await rig.runtime.inspectContainer(oneOff.id)).config.openStdin).toBe(true);
    const out = capture();
    const code = await attachOneOff(rig.deps, oneOff, { streams: { stdout: out.stream }, stdin: Buffer.from("piped\ndata"), rm: true });
    expect(code).toBe(0);
    expect(out.text()).toBe("piped\ndata");
  });

  it("labels the container as a one-off, drops ports, restart policy, container_name and aliases, and applies -e/-u/-w/-l", async () => {
    const rig = verbsRig(COMPOSE);
    const oneOff = await prepareOneOff(rig.deps, request(rig, { options: { env: { B: "x", C: "3" }, user: "1000", workingDir: "/w", labels: { team: "t" } } }));
    const d = await rig.runtime.inspectContainer(oneOff.id);
    expect(d.labels[LABELS.oneoff]).toBe("True");
    expect(d.labels[LABELS.slug]).toMatch(/^[0-9a-f]{64}$/);
    expect(oneOff.name).toBe(`shop-job-run-${d.labels[LABELS.slug]?.slice(0, 12)}`);
    expect(d.labels[LABELS.containerNumber]).toBe("-1");
    expect(d.labels["team"]).toBe("t");
    expect(d.ports.filter((p) => p.hostPort !== undefined)).toEqual([]);
    expect(d.restartPolicy).not.toBe("always");
    expect(d.config.env).toEqual(expect.arrayContaining(["A=1", "B=x", "C=3"]));
    expect(d.config.user).toBe("1000");
    expect(d.config.workingDir).toBe("/w");
    expect(d.networks["shop_default"]?.aliases ?? []).not.toContain("jobby");
    expect(d.networks["shop_default"]?.aliases ?? []).not.toContain("job");
  });

  it("resolves another service's container for network_mode service:X only when the service names one", async () => {
    const rig = verbsRig(`${COMPOSE}
  side:
    image: tscompose-busybox:latest
    network_mode: "service:db"
`);
    const oneOff = await prepareOneOff(rig.deps, request(rig, { service: "side", options: { command: ["true"] } }));
    expect((await rig.runtime.inspectContainer(oneOff.id)).networkMode).toBe("container:shop-db-1");
  });

  it("adds --cap-add/--cap-drop to the service's own capabilities, once each", () => {
    const svc = oneOffService({ image: "x", cap_add: ["NET_ADMIN"] } as ServiceConfig, { capAdd: ["NET_ADMIN", "SYS_TIME"], capDrop: ["MKNOD"] });
    expect(svc.cap_add).toEqual(["NET_ADMIN", "SYS_TIME"]);
    expect(svc.cap_drop).toEqual(["MKNOD"]);
    expect(oneOffService({ image: "x", cap_drop: ["ALL"] } as ServiceConfig, {}).cap_drop).toEqual(["ALL"]);
  });

  it("keeps the service's ports with --service-ports and its aliases with --use-aliases", async () => {
    const rig = verbsRig(COMPOSE);
    const oneOff = await prepareOneOff(rig.deps, request(rig, { useAliases: true, options: { servicePorts: true, name: "mine" } }));
    expect(oneOff.name).toBe("mine");
    await rig.runtime.startContainer(oneOff.id);
    const d = await rig.runtime.inspectContainer("mine");
    expect(d.ports.some((p) => p.containerPort === 80 && p.hostPort === 8080)).toBe(true);
    expect(d.networks["shop_default"]?.aliases).toEqual(expect.arrayContaining(["job", "jobby"]));
  });

  it("with --no-deps starts nothing else but still creates the network", async () => {
    const rig = verbsRig(COMPOSE);
    await prepareOneOff(rig.deps, request(rig, { noDeps: true }));
    await expect(rig.runtime.inspectContainer("shop-db-1")).rejects.toThrow();
    expect((await rig.runtime.listNetworks({ names: ["shop_default"] })).length).toBe(1);
  });

  it("takes the networks the dependencies' up ensured as given, but still creates a volume only the one-off mounts", async () => {
    const rig = verbsRig(COMPOSE.replace('    networks: {default: {aliases: [jobby]}}', '    networks: {default: {aliases: [jobby]}}\n    volumes: ["cache:/cache"]') + "volumes:\n  cache: {}\n");
    const asked: string[][] = [];
    const listNetworks = rig.runtime.listNetworks.bind(rig.runtime);
    rig.runtime.listNetworks = (filter) => (asked.push([...(filter?.names ?? [])]), listNetworks(filter));
    const oneOff = await prepareOneOff(rig.deps, request(rig));
    expect(asked.filter((names) => names.includes("shop_default"))).toHaveLength(1);
    expect((await rig.runtime.inspectContainer(oneOff.id)).networks["shop_default"]).toBeDefined();
    expect((await rig.runtime.listVolumes({ names: ["shop_cache"] })).map((v) => v.name)).toEqual(["shop_cache"]);
  });

  it("--rm removes the container after it exited", async () => {
    const rig = verbsRig(COMPOSE);
    const oneOff = await prepareOneOff(rig.deps, request(rig, { noDeps: true }));
    const out = capture();
    expect(await attachOneOff(rig.deps, oneOff, { streams: { stdout: out.stream }, rm: true })).toBe(0);
    expect(out.text()).toBe("from-file\n");
    await expect(rig.runtime.inspectContainer(oneOff.id)).rejects.toThrow();
  });

  it("gives a TTY one-off the local terminal's size once it is started", async () => {
    const rig = verbsRig(COMPOSE);
    const oneOff = await prepareOneOff(rig.deps, request(rig, { noDeps: true, options: { tty: true, command: ["sleep", "0.3"] } }));
    const terminal = { current: () => ({ rows: 33, columns: 111 }), onChange: () => () => undefined };
    const code = await attachOneOff(rig.deps, oneOff, { streams: { stdout: capture().stream }, terminal });
    expect(code).toBe(0);
    expect(rig.runtime.ttySize(oneOff.id)).toEqual({ rows: 33, columns: 111 });
  });

  it("Ctrl-C stops the one-off, removes it with --rm and reports an interruption", async () => {
    const rig = verbsRig(COMPOSE);
    const oneOff = await prepareOneOff(rig.deps, request(rig, { noDeps: true, options: { command: ["sh", "-c", VERBS_FOREVER] } }));
    const ctrlC = new AbortController();
    const attached = attachOneOff({ ...rig.deps, signal: ctrlC.signal }, oneOff, { streams: {}, rm: true, timeoutSeconds: 1 });
    await new Promise((r) => setTimeout(r, 50));
    ctrlC.abort();
    await expect(attached).rejects.toMatchObject({ code: "E_INTERRUPTED" });
    await expect(rig.runtime.inspectContainer(oneOff.id)).rejects.toThrow();
  });
});
