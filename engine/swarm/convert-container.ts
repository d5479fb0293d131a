import type { ServiceConfig, ServiceSecret } from "../../spec/project.js";
import { normalizeCapabilities } from "../docker/create-body.js";
import type { ConfigReference, ContainerSpec, FileTarget, HealthConfig, SecretReference } from "./api-types.js";
import { defined, nonEmpty, type ConvertContext } from "./convert-context.js";
import { nanos } from "./convert-deploy.js";
import { serviceMounts } from "./convert-mounts.js";
import { withNamespace } from "./stack-labels.js";

const DEFAULT_MODE = 0o444;
const SECRETS_DIR = "/run/secrets/";

/**
 * What each task of a service runs, as docker stack converts it: `entrypoint` → Command,
 * `command` → Args, the environment as sorted `K=V` (unset variables left out), `extra_hosts` in
 * Swarm's `IP host` form, durations in nanoseconds, the service's `labels` plus the namespace label
 * on the container, mounts, secrets and configs by their stack names. An empty list is left out
 * (Swarm reads it as "the image's").
 */
export function containerSpec(ctx: ConvertContext, name: string, service: ServiceConfig): ContainerSpec {
  const p = ctx.problems;
  const spec: ContainerSpec = {
    Image: service.image ?? "",
    Labels: withNamespace(ctx.stack, service.labels),
    Command: nonEmpty(service.entrypoint),
    Args: nonEmpty(service.command),
    Hostname: service.hostname,
    Env: nonEmpty(environment(service)),
    Dir: service.working_dir,
    User: service.user,
    Groups: nonEmpty(service.group_add),
    TTY: service.tty || undefined,
    OpenStdin: service.stdin_open || undefined,
    ReadOnly: service.read_only || undefined,
    Mounts: nonEmpty(serviceMounts(ctx, name, service.volumes, service.tmpfs)),
    StopSignal: service.stop_signal,
    StopGracePeriod: nanos(p, name, "stop_grace_period", service.stop_grace_period),
    Healthcheck: healthcheck(ctx, name, service),
    Hosts: nonEmpty(service.extra_hosts?.map(hostEntry)),
    DNSConfig: defined({ Nameservers: nonEmpty(service.dns), Search: nonEmpty(service.dns_search), Options: nonEmpty(service.dns_opt) }),
    Secrets: nonEmpty(references(ctx, name, "secret", service.secrets)),
    Configs: nonEmpty(references(ctx, name, "config", service.configs)),
    Isolation: service.isolation,
    Init: service.init,
    Sysctls: service.sysctls && Object.keys(service.sysctls).length > 0 ? { ...service.sysctls } : undefined,
    CapabilityAdd: normalizeCapabilities(service.cap_add),
    CapabilityDrop: normalizeCapabilities(service.cap_drop),
    Ulimits: nonEmpty(
      Object.entries(service.ulimits ?? {})
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([ulimit, u]) => ({ Name: ulimit, Soft: u.soft, Hard: u.hard })),
    ),
    OomScoreAdj: service.oom_score_adj || undefined,
  };
  return defined(spec) ?? spec;
}

function environment(service: ServiceConfig): string[] {
  return Object.entries(service.environment ?? {})
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([k, v]) => `${k}=${v}`)
    .sort();
}

/** `host=ip` (the normalized form) as `ip host`. */
function hostEntry(entry: string): string {
  const eq = entry.indexOf("=");
  return eq < 0 ? entry : `${entry.slice(eq + 1)} ${entry.slice(0, eq)}`;
}

function healthcheck(ctx: ConvertContext, name: string, service: ServiceConfig): HealthConfig | undefined {
  const h = service.healthcheck;
  if (!h) return undefined;
  if (h.disable) return { Test: ["NONE"] };
  const p = ctx.problems;
  return defined({
    Test: h.test ? [...h.test] : undefined,
    Interval: nanos(p, name, "healthcheck.interval", h.interval),
    Timeout: nanos(p, name, "healthcheck.timeout", h.timeout),
    Retries: h.retries,
    StartPeriod: nanos(p, name, "healthcheck.start_period", h.start_period),
    StartInterval: nanos(p, name, "healthcheck.start_interval", h.start_interval),
  });
}

/**
 * Secret or config references with docker stack's defaults: uid and gid "0", mode 0444, a secret's
 * file under /run/secrets named after its source (the normalized `/run/secrets/<x>` target is
 * written as `x`, as docker stack sends it), a config's at `/<source>`. Sorted by name then target.
 */
function references(ctx: ConvertContext, name: string, kind: "secret", refs: readonly ServiceSecret[] | undefined): SecretReference[];
function references(ctx: ConvertContext, name: string, kind: "config", refs: readonly ServiceSecret[] | undefined): ConfigReference[];
function references(ctx: ConvertContext, name: string, kind: "secret" | "config", refs: readonly ServiceSecret[] | undefined): (SecretReference | ConfigReference)[] {
  const names = kind === "secret" ? ctx.names.secrets : ctx.names.configs;
  const out: { ref: SecretReference | ConfigReference; sortKey: string }[] = [];
  (refs ?? []).forEach((ref, i) => {
    const objectName = names.get(ref.source);
    if (objectName === undefined) return;
    const file = fileTarget(ctx, name, `${kind}s[${i}]`, kind, ref);
    if (!file) return;
    const reference = kind === "secret" ? { File: file, SecretName: objectName } : { File: file, ConfigName: objectName };
    out.push({ ref: reference, sortKey: `${objectName}\0${file.Name}` });
  });
  return out.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0)).map((o) => o.ref);
}

function fileTarget(ctx: ConvertContext, name: string, attribute: string, kind: "secret" | "config", ref: ServiceSecret): FileTarget | undefined {
  let target = ref.target ?? ref.source;
  if (kind === "secret" && target.startsWith(SECRETS_DIR)) target = target.slice(SECRETS_DIR.length);
  let mode = DEFAULT_MODE;
  if (typeof ref.mode === "number") mode = ref.mode;
  else if (typeof ref.mode === "string") {
    if (!/^[0-7]+$/.test(ref.mode)) {
      ctx.problems.error(name, `${attribute}.mode`, `invalid file mode "${ref.mode}" (octal digits, e.g. 0440)`);
      return undefined;
    }
    mode = Number.parseInt(ref.mode, 8);
  }
  return { Name: target, UID: ref.uid ?? "0", GID: ref.gid ?? "0", Mode: mode };
}
