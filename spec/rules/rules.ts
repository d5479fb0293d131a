import type { Diagnostics } from "../errors.js";
import type { SourceMap, TreePath } from "../location.js";
import type { Project, ServiceConfig } from "../project.js";
import { CONSISTENCY_RULES, SOURCE_RULES } from "./rules-consistency.js";
import { suggest } from "../validate/suggest.js";
import { hostBinding } from "../validate/validate-ports.js";

/** What every semantic rule receives. */
export interface RuleContext {
  readonly project: Project;
  readonly sources: SourceMap;
  readonly diag: Diagnostics;
  /** Services switched off by profiles → their profiles (references to them get a profile hint). */
  readonly disabled: ReadonlyMap<string, readonly string[]>;
  /**
   * false for `config --no-consistency`, and for `config --no-interpolate` (the model is as
   * written): only the checks Compose makes then run (it skips its consistency checks:
   * references, cycles, scale, image or build, conflicting limits…).
   */
  readonly consistency?: boolean;
}

type Rule = (ctx: RuleContext) => void;

/** The semantic rules, each a small named function; run after normalization and profiles. */
export const RULES: readonly Rule[] = [
  ...SOURCE_RULES,
  undefinedDependencies,
  undefinedLinks,
  undefinedServiceNamespaces,
  undefinedVolumesFrom,
  undefinedNetworks,
  undefinedVolumes,
  undefinedSecretsAndConfigs,
  dependencyCycles,
  containerNameWithScale,
  scaleAgreesWithReplicas,
  hostPortPublishedTwice,
  ...CONSISTENCY_RULES,
];

/** Runs every rule (only SOURCE_RULES when `consistency` is false); problems are collected in `ctx.diag`. */
export function checkRules(ctx: RuleContext): void {
  for (const rule of ctx.consistency === false ? SOURCE_RULES : RULES) rule(ctx);
}

function report(ctx: RuleContext, code: string, message: string, path: TreePath, hint?: string): void {
  const location = ctx.sources.locate(path);
  ctx.diag.error(code, message, { path, ...(location ? { location } : {}), ...(hint ? { hint } : {}) });
}

/** Reports `ref` (used by `name` at `path`) when it is not a service of the project. */
function checkServiceRef(ctx: RuleContext, name: string, ref: string, what: string, path: TreePath): void {
  if (ctx.project.services[ref]) return;
  const profiles = ctx.disabled.get(ref);
  if (profiles) {
    const enable = profiles.map((p) => `--profile ${p}`).join(" or ");
    report(ctx, "E_SERVICE_DISABLED", `service "${name}" ${what} "${ref}", which is disabled by its profiles`, path, `Enable it with ${enable}.`);
    return;
  }
  const guess = suggest(ref, Object.keys(ctx.project.services));
  report(
    ctx,
    "E_UNDEFINED_SERVICE",
    `service "${name}" ${what} undefined service "${ref}"`,
    path,
    guess ? `Did you mean "${guess}"?` : `Define a service "${ref}" or remove the reference.`,
  );
}

function each(ctx: RuleContext, fn: (name: string, svc: ServiceConfig) => void): void {
  for (const [name, svc] of Object.entries(ctx.project.services)) fn(name, svc);
}

function undefinedDependencies(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    const implied = impliedDependencies(svc);
    for (const [dep, cfg] of Object.entries(svc.depends_on ?? {})) {
      if (!cfg.required && !ctx.project.services[dep]) continue;
      const path = ["services", name, "depends_on", dep];
      // A dependency inferred from links, `service:` namespaces or volumes_from is reported there.
      if (implied.has(dep) && !ctx.sources.has(path)) continue;
      checkServiceRef(ctx, name, dep, "depends on", path);
    }
  });
}

/** The services that links, `service:` namespaces and volumes_from refer to (normalization adds them to depends_on). */
function impliedDependencies(svc: ServiceConfig): Set<string> {
  const out = new Set<string>();
  for (const link of svc.links ?? []) out.add(link.split(":")[0] ?? link);
  for (const key of ["network_mode", "ipc", "pid", "uts", "cgroup"] as const) {
    const v = svc[key];
    if (typeof v === "string" && v.startsWith("service:")) out.add(v.slice("service:".length));
  }
  for (const ref of svc.volumes_from ?? []) if (!ref.startsWith("container:")) out.add(ref.split(":")[0] ?? ref);
  return out;
}

function undefinedLinks(ctx: RuleContext): void {
  each(ctx, (name, svc) =>
    svc.links?.forEach((link, i) => checkServiceRef(ctx, name, link.split(":")[0] ?? link, "links to", ["services", name, "links", i])),
  );
}

function undefinedServiceNamespaces(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    for (const key of ["network_mode", "ipc", "pid"] as const) {
      const v = svc[key];
      if (v?.startsWith("service:")) checkServiceRef(ctx, name, v.slice(8), `uses the ${key} of`, ["services", name, key]);
    }
  });
}

function undefinedVolumesFrom(ctx: RuleContext): void {
  each(ctx, (name, svc) =>
    svc.volumes_from?.forEach((ref, i) => {
      if (ref.startsWith("container:")) return;
      checkServiceRef(ctx, name, ref.split(":")[0] ?? ref, "takes volumes from", ["services", name, "volumes_from", i]);
    }),
  );
}

function undefinedNetworks(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    for (const net of Object.keys(svc.networks ?? {})) {
      if (ctx.project.networks[net]) continue;
      const guess = suggest(net, Object.keys(ctx.project.networks));
      report(ctx, "E_UNDEFINED_NETWORK", `service "${name}" refers to undefined network "${net}"`, ["services", name, "networks", net],
        guess ? `Did you mean "${guess}"?` : `Declare it under the top-level \`networks:\` key.`);
    }
  });
}

function undefinedVolumes(ctx: RuleContext): void {
  each(ctx, (name, svc) =>
    svc.volumes?.forEach((v, i) => {
      if (v.type !== "volume" || !v.source || ctx.project.volumes[v.source]) return;
      const guess = suggest(v.source, Object.keys(ctx.project.volumes));
      report(ctx, "E_UNDEFINED_VOLUME", `service "${name}" refers to undefined volume "${v.source}"`, ["services", name, "volumes", i],
        guess ? `Did you mean "${guess}"?` : `Declare it under the top-level \`volumes:\` key, or use a path starting with ./ or / for a bind mount.`);
    }),
  );
}

function undefinedSecretsAndConfigs(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    for (const kind of ["secrets", "configs"] as const) {
      svc[kind]?.forEach((ref, i) => {
        if (ctx.project[kind][ref.source]) return;
        report(ctx, `E_UNDEFINED_${kind === "secrets" ? "SECRET" : "CONFIG"}`, `service "${name}" refers to undefined ${kind.slice(0, -1)} "${ref.source}"`,
          ["services", name, kind, i], `Declare it under the top-level \`${kind}:\` key.`);
      });
    }
  });
}

function dependencyCycles(ctx: RuleContext): void {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (name: string): boolean => {
    if (state.get(name) === "done") return false;
    if (state.get(name) === "visiting") {
      const cycle = [...stack.slice(stack.indexOf(name)), name].join(" -> ");
      report(ctx, "E_DEPENDENCY_CYCLE", `dependency cycle: ${cycle}`, ["services", name, "depends_on"], "Remove one of the dependencies in the loop.");
      return true;
    }
    state.set(name, "visiting");
    stack.push(name);
    const found = Object.keys(ctx.project.services[name]?.depends_on ?? {}).some((d) => ctx.project.services[d] && visit(d));
    stack.pop();
    state.set(name, "done");
    return found;
  };
  for (const name of Object.keys(ctx.project.services)) if (visit(name)) return;
}

function replicas(svc: ServiceConfig): number {
  return svc.scale ?? svc.deploy?.replicas ?? 1;
}

function containerNameWithScale(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    if (svc.container_name && replicas(svc) > 1) {
      report(ctx, "E_CONTAINER_NAME_SCALE", `service "${name}" sets container_name "${svc.container_name}" and a scale of ${replicas(svc)}; container names must be unique`,
        ["services", name, "container_name"], "Remove container_name, or keep the scale at 1.");
    }
  });
}

function scaleAgreesWithReplicas(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    const r = svc.deploy?.replicas;
    if (svc.scale !== undefined && r !== undefined && svc.scale !== r) {
      report(ctx, "E_SCALE_MISMATCH", `service "${name}" has scale ${svc.scale} but deploy.replicas ${r}`, ["services", name, "scale"],
        "Set only one of them, or give both the same value.");
    }
  });
}

/** Between services only: one service publishing a port twice is found on the written tree (validate-ports.ts). */
function hostPortPublishedTwice(ctx: RuleContext): void {
  const seen = new Map<string, string>();
  each(ctx, (name, svc) => {
    const written = writtenIndex(ctx, name, svc);
    svc.ports?.forEach((p, i) => {
      const binding = hostBinding(p);
      if (!binding) return;
      const other = seen.get(binding.key);
      if (other === undefined) seen.set(binding.key, name);
      else if (other !== name) {
        // Compose accepts such a file (`config`, `create`); only starting both fails, and `up`
        // refuses it before anything is created (engine/plan/plan-up-names.ts).
        const at = written(i);
        const path: TreePath = ["services", name, "ports", ...(at === undefined ? [] : [at])];
        const location = ctx.sources.locate(path);
        ctx.diag.warn("W_PORT_PUBLISHED_TWICE", `host port ${binding.port}/${p.protocol} is published by both service "${other}" and service "${name}": they cannot run at the same time`, {
          path,
          ...(location ? { location } : {}),
        });
      }
    });
  });
}

/**
 * Maps an index of the normalized ports to the entry the user wrote. Normalization expands port
 * ranges, so the indexes agree only when nothing was expanded; otherwise the entry is unknown.
 */
function writtenIndex(ctx: RuleContext, name: string, svc: ServiceConfig): (i: number) => number | undefined {
  // Counted on first use: only a conflict needs it, and positions are listed on demand.
  let same: boolean | undefined;
  return (i) => {
    if (same === undefined) {
      let written = 0;
      while (ctx.sources.has(["services", name, "ports", written])) written++;
      same = written === (svc.ports?.length ?? 0);
    }
    return same ? i : undefined;
  };
}
