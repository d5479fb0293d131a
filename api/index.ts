/**
 * tscompose's TypeScript API: `import { loadStack, tcp, http, log } from "tscompose"`.
 *
 * Two levels: the `Stack` object (one loaded project on one engine: up, down, ps, logs, exec, run,
 * port, probes, automatic cleanup), over plain functions taking a runtime or engine dependencies
 * (`upStack`, `downStack`, `psStack`, `streamLogs`, `execStreaming`, `runOneOff`, `portMappings`…)
 * that the `tscompose` CLI itself is built on.
 */
export { loadStack, randomProjectName, Stack, type StackDownOptions, type StackOptions, type StackUpOptions } from "./stack.js";
export {
  ClusterStack,
  type ClusterDeployOptions,
  type ClusterExecOptions,
  type ClusterLogEntry,
  type ClusterLogsOptions,
  type ClusterRunOptions,
  type ClusterScaleOptions,
  type ClusterStackOptions,
} from "./swarm/swarm-stack.js";
export type { DeployOutcome } from "../engine/swarm/deploy.js";
export type { StackServiceRow, StackTaskRow } from "../engine/swarm/stack-views.js";
export type { SwarmStack } from "../engine/swarm/stack-types.js";
export { http, log, tcp, type HttpProbeOptions, type Probe, type ProbeContext, type ProbeOptions } from "./probes/probes.js";
export { PROBE_TIMEOUT_MS, runProbe, runProbes, type ProbeTarget } from "./probes/probe-runner.js";
export { ProbeError } from "./probes/probe-error.js";
export { registerCleanup, registeredProjects, removeRegistered, type CleanupEntry } from "./cleanup/cleanup.js";
export { connectEngine, dialHost, engineConnection, type EngineConnection, type Environment } from "./connect/connect.js";
export type { CommandResult } from "./verbs/capture.js";
export { upStack, type ApiDeps, type UpOptions } from "./verbs/up.js";
export { downStack, type DownOptions, type DownTarget } from "./verbs/down.js";
export { checkStatuses, psStack, type PsOptions } from "./verbs/ps.js";
export { collectLogs, followLogs, formatLogs, streamLogs, type LogEntry, type LogsOptions } from "./verbs/logs.js";
export { execCapture, execStreaming, type ExecOptions, type StreamingExecOptions } from "./verbs/exec.js";
export { assertService, oneOffOptions, runCapture, runOneOff, type RunIo, type RunOptions, type RunOutcome } from "./verbs/run.js";
export { portMappings, publishedAddress, type HostPort, type PortMapping, type PortOptions } from "./verbs/port.js";
export { sweepProject } from "./cleanup/sweep.js";
export { progressRecord, type ProgressRecord } from "./progress-record.js";

// Shared shapes: `ps --format json` / `ps()`, and the progress events.
export type { PsEntry, PortPublisher } from "../engine/verbs/ps.js";
export type { EngineEvent, EventSink, MessageEvent, ResourceEvent, ResourceKind, BuildOutputEvent } from "../engine/runtime/engine-events.js";
export type { LogSource, LogsConsumer } from "../engine/verbs/logs.js";
export type { EngineDeps, UpOutcome } from "../engine/verbs/up.js";
export type { ProjectRef } from "../engine/verbs/project-view.js";
export type { Runtime, ContainerStatus } from "../engine/runtime/runtime.js";

// The typed project and the loader.
export type { Project, ServiceConfig } from "../spec/project.js";
export { loadProject, type LoadedProject, type LoadOptions } from "../spec/load.js";

// Errors: the ComposeError family.
export { ComposeError, ProjectError, ProjectErrors, type ErrorKind, type Warning } from "../spec/errors.js";
export { InterruptedError, OperationError, ReadinessError } from "../engine/execute/execute-errors.js";
export { ExecutionError } from "../engine/execute/execute-result.js";
export { RuntimeError, isRuntimeError } from "../engine/runtime/runtime-errors.js";
export { BuildError } from "../engine/images/build-error.js";
