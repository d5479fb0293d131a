import type { ServiceConfig } from "../../spec/project.js";
import type { StackProblems } from "./stack-problems.js";

const RESOURCES = "Swarm limits tasks only through deploy.resources (cpus, memory, pids)";
const HOST = "Swarm tasks run on any node of the cluster, so the host's namespaces and devices are not theirs to share";

/**
 * Service attributes with no Swarm form, and why each is ignored. `docker stack deploy` ignores
 * (most of) these too, with one line: "Ignoring unsupported options: build, links, …".
 */
const IGNORED: Readonly<Partial<Record<keyof ServiceConfig, string>>> = {
  container_name: "Swarm names each task itself (<stack>_<service>.<slot>.<task id>)",
  depends_on: "Swarm starts every service at once and restarts a task that fails, so start order and conditions do not apply",
  links: "services on a stack network reach each other by service name",
  external_links: "services on a stack network reach each other by service name",
  network_mode: "Swarm tasks join the stack's overlay networks",
  devices: HOST,
  device_cgroup_rules: HOST,
  privileged: "Swarm cannot run privileged tasks",
  cgroup_parent: HOST,
  cgroup: HOST,
  security_opt: "Swarm services take no security options",
  ipc: HOST,
  pid: HOST,
  uts: HOST,
  userns_mode: HOST,
  mac_address: "Swarm assigns the addresses of a task's interfaces",
  domainname: "Swarm sets only a task's hostname",
  cpuset: RESOURCES,
  cpu_shares: RESOURCES,
  cpu_quota: RESOURCES,
  cpu_period: RESOURCES,
  cpu_count: RESOURCES,
  cpu_percent: RESOURCES,
  cpu_rt_period: RESOURCES,
  cpu_rt_runtime: RESOURCES,
  mem_swappiness: RESOURCES,
  memswap_limit: RESOURCES,
  oom_kill_disable: RESOURCES,
  blkio_config: RESOURCES,
  shm_size: "Swarm services cannot size /dev/shm (mount a tmpfs there instead)",
  storage_opt: "Swarm services take no storage options",
  gpus: "Swarm cannot reserve GPUs for a task",
  runtime: "Swarm tasks run with each node's default runtime",
  volumes_from: "Swarm tasks cannot share another container's volumes; mount the same named volume",
  volume_driver: "set the driver on the top-level volume instead",
  credential_spec: "credential specs are for Windows nodes, which tscompose does not deploy to",
  annotations: "Swarm containers take no annotations",
  post_start: "Swarm runs no lifecycle hooks",
  pre_stop: "Swarm runs no lifecycle hooks",
  use_api_socket: "each node's engine socket is its own; mount it with a bind if the task needs it",
  models: "Swarm cannot provide AI models",
};

/**
 * Warns once per attribute a service sets that Swarm cannot honour, and reports as errors what
 * would deploy something else than the file says: no `image` (Swarm never builds; with `build`
 * it names what to add) and a `provider` service (it is not a container).
 */
export function checkUnsupported(name: string, service: ServiceConfig, problems: StackProblems): void {
  if (service.provider) problems.error(name, "provider", "a provider service is not a container, and Swarm runs only containers");
  else if (service.image === undefined || service.image === "") {
    problems.error(
      name,
      "image",
      service.build
        ? "Swarm does not build images and this service has no `image`: add one naming an image in a registry every node can pull from, then build and push it"
        : "the service has no image",
    );
  } else if (service.build) {
    problems.warn(name, "build", `Swarm does not build images: ${service.image} must be pushed to a registry every node can pull from (or exist on every node)`);
  }
  for (const [attribute, why] of Object.entries(IGNORED)) {
    if (isSet(service[attribute as keyof ServiceConfig])) problems.warn(name, attribute, `${why}; \`${attribute}\` is ignored`);
  }
  if (service.pull_policy === "never" || service.pull_policy === "build") {
    problems.warn(name, "pull_policy", `each node pulls the image it lacks; pull_policy ${service.pull_policy} is ignored`);
  }
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}
