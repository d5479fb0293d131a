import { RuntimeError } from "../runtime/runtime-errors.js";
import type { PortConfig, Service, Task } from "./api-types.js";
import type { SwarmClient } from "./client.js";
import { serviceProgress, type ServiceProgress } from "./converge.js";
import { STACK_LABELS } from "./stack-labels.js";

/** One task as `stack ps` shows it: docker stack ps's columns, as JSON field names. */
export interface StackTaskRow {
  readonly ID: string;
  /** `<service>.<slot>` (replicated) or `<service>.<node id>` (global). */
  readonly Name: string;
  readonly Image: string;
  /** The node's hostname. */
  readonly Node: string;
  readonly DesiredState: string;
  readonly CurrentState: string;
  /** When the task reached its current state (RFC 3339). */
  readonly Since: string;
  readonly Error: string;
  readonly Ports: string;
  readonly ExitCode?: number;
}

/** One service as `stack services` shows it. */
export interface StackServiceRow {
  readonly ID: string;
  readonly Name: string;
  /** `replicated`, `global`, `replicated job` or `global job`, as docker stack services prints it. */
  readonly Mode: string;
  /** `running/desired`, or for a job `running/desired (completed/total completed)`, as docker stack services prints it. */
  readonly Replicas: string;
  readonly Image: string;
  readonly Ports: string;
}

/** One stack as `stack ls` shows it. */
export interface StackRow {
  readonly Name: string;
  readonly Services: number;
}

/** The stacks on the Swarm (any service with a namespace label), sorted by name. */
export async function listStacks(client: SwarmClient): Promise<StackRow[]> {
  const counts = new Map<string, number>();
  for (const service of await client.services()) {
    const stack = service.Spec.Labels[STACK_LABELS.namespace];
    if (stack) counts.set(stack, (counts.get(stack) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([Name, Services]) => ({ Name, Services }));
}

/** The stack's services with their running/desired counts, sorted by name; an error when the stack has none. */
export async function stackServices(client: SwarmClient, stack: string): Promise<StackServiceRow[]> {
  const [services, tasks] = await Promise.all([client.services(stack, { status: true }), client.tasks({ stack })]);
  if (services.length === 0) throw nothingFound(stack);
  return services
    .sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))
    .map((s) => {
      const p = serviceProgress(s, tasks);
      return { ID: s.ID, Name: s.Spec.Name, Mode: modeOf(s), Replicas: replicasText(s, p), Image: imageOf(s), Ports: portsText(s.Endpoint?.Ports ?? s.Spec.EndpointSpec?.Ports ?? []) };
    });
}

/**
 * The stack's tasks, newest first within each slot, as `docker stack ps` lists them: what runs
 * where, and for a task that failed, its error. An error when the stack has no tasks.
 */
export async function stackTasks(client: SwarmClient, stack: string): Promise<StackTaskRow[]> {
  const [services, tasks, hostname] = await Promise.all([client.services(stack), client.tasks({ stack }), client.nodeHostnames()]);
  if (tasks.length === 0 && services.length === 0) throw nothingFound(stack);
  const serviceName = new Map(services.map((s) => [s.ID, s.Spec.Name]));
  return tasks
    .map((t) => ({ task: t, name: taskName(t, serviceName.get(t.ServiceID) ?? t.ServiceID) }))
    .sort((a, b) => a.name.localeCompare(b.name) || Date.parse(b.task.CreatedAt ?? "") - Date.parse(a.task.CreatedAt ?? ""))
    .map(({ task, name }) => taskRow(task, name, hostname.get(task.NodeID ?? "") ?? ""));
}

function taskRow(task: Task, name: string, node: string): StackTaskRow {
  const code = task.Status.ContainerStatus?.ExitCode;
  return {
    ID: task.ID,
    Name: name,
    Image: (task.Spec.ContainerSpec?.Image ?? "").replace(/@sha256:[0-9a-f]+$/, ""),
    Node: node,
    DesiredState: capitalize(task.DesiredState),
    CurrentState: capitalize(task.Status.State),
    Since: task.Status.Timestamp ?? "",
    Error: task.Status.Err ?? "",
    Ports: "",
    ...(code !== undefined ? { ExitCode: code } : {}),
  };
}

/** `web.1` for a replicated service's slot, `web.<node id>` for a global service's task. */
function taskName(task: Task, service: string): string {
  return task.Slot ? `${service}.${task.Slot}` : `${service}.${task.NodeID ?? task.ID}`;
}

/** The mode as `docker service ls` and `docker stack services` print it. */
function modeOf(service: Service): string {
  const mode = service.Spec.Mode;
  if (mode.Global) return "global";
  if (mode.ReplicatedJob) return "replicated job";
  if (mode.GlobalJob) return "global job";
  return "replicated";
}

/** `2/3`; for a job, as the docker CLI prints it: `0/2 (2/2 completed)` (tasks running/desired, then completions). */
function replicasText(service: Service, p: ServiceProgress): string {
  if (!p.job) return `${p.running}/${p.desired}`;
  const status = service.ServiceStatus;
  return `${status?.RunningTasks ?? 0}/${status?.DesiredTasks ?? 0} (${p.running}/${p.desired} completed)`;
}

function imageOf(service: Service): string {
  return service.Spec.Labels[STACK_LABELS.image] ?? (service.Spec.TaskTemplate.ContainerSpec?.Image ?? "").replace(/@sha256:[0-9a-f]+$/, "");
}

/** `*:8080->80/tcp` (ingress) or `8080->80/tcp` with the host mode, as docker service ls prints them. */
export function portsText(ports: readonly PortConfig[]): string {
  return ports
    .filter((p) => p.PublishedPort)
    .map((p) => `${p.PublishMode === "host" ? "" : "*:"}${p.PublishedPort}->${p.TargetPort}/${p.Protocol ?? "tcp"}`)
    .join(", ");
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function nothingFound(stack: string): RuntimeError {
  return new RuntimeError("not-found", `nothing found in stack: ${stack}`, { hint: "`tscompose stack ls` lists the stacks on this Swarm." });
}
