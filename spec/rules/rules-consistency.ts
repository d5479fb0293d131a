import type { TreePath } from "../location.js";
import type { Resource, ServiceConfig } from "../project.js";
import type { RuleContext } from "./rules.js";
import { suggest } from "../validate/suggest.js";

/**
 * The checks of compose-go's `checkConsistency` and `CheckContainerNameUnicity` that no other
 * stage makes: what Docker Compose refuses at load time although the schema allows it. Each
 * reports every offender (Compose stops at the first) at the attribute that breaks the rule.
 */
export const CONSISTENCY_RULES: readonly ((ctx: RuleContext) => void)[] = [
  imageOrBuild,
  buildPlatforms,
  dockerfileAndInline,
  networkModeAndNetworks,
  undefinedBuildSecrets,
  resourcesAgreeWithDeploy,
  watchTargets,
  uniqueContainerNames,
];

/**
 * Checks Compose makes on the model even with `--no-interpolate` (its other consistency checks
 * are skipped then): every top-level secret and config says where its content comes from.
 */
export const SOURCE_RULES: readonly ((ctx: RuleContext) => void)[] = [secretAndConfigSources];

/** Reports at `path`'s value, or at its key for a whole service or resource (`atKey`). */
function report(ctx: RuleContext, code: string, message: string, path: TreePath, hint: string, atKey = false): void {
  const location = (atKey ? ctx.sources.locateKey(path) : undefined) ?? ctx.sources.locate(path);
  ctx.diag.error(code, message, { path, ...(location ? { location } : {}), hint });
}

function each(ctx: RuleContext, fn: (name: string, svc: ServiceConfig) => void): void {
  for (const [name, svc] of Object.entries(ctx.project.services)) fn(name, svc);
}

function imageOrBuild(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    if (svc.image || svc.build || svc.provider) return;
    // A typo in an override file: a complete service of another file with a close name.
    const file = ctx.sources.locateKey(["services", name])?.file;
    const complete = Object.entries(ctx.project.services)
      .filter(([n, s]) => (s.image || s.build) && ctx.sources.locateKey(["services", n])?.file !== file)
      .map(([n]) => n);
    const guess = file === undefined ? undefined : suggest(name, complete);
    report(
      ctx,
      "E_NO_IMAGE",
      `service "${name}" has neither an image nor a build context specified`,
      ["services", name],
      guess
        ? `Add \`image:\` or \`build:\` to it; if it is meant to change service "${guess}" (from another file), give it that name.`
        : "Add `image:` (an image to run) or `build:` (a directory with a Dockerfile) to it.",
      true,
    );
  });
}

function buildPlatforms(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    const platforms = svc.build?.platforms ?? [];
    if (platforms.length === 0 || !svc.platform || platforms.includes(svc.platform)) return;
    report(
      ctx,
      "E_PLATFORM_NOT_BUILT",
      `service "${name}" runs on platform "${svc.platform}", which its build.platforms (${platforms.join(", ")}) does not include`,
      ["services", name, "platform"],
      `Add "${svc.platform}" to build.platforms, or set platform to one of them.`,
    );
  });
}

function dockerfileAndInline(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    // Normalization defaults `dockerfile` only when no inline one is given: both set means both written.
    if (svc.build?.dockerfile === undefined || svc.build.dockerfile_inline === undefined) return;
    report(
      ctx,
      "E_DOCKERFILE_CONFLICT",
      `service "${name}" sets both build.dockerfile and build.dockerfile_inline, which are mutually exclusive`,
      ["services", name, "build", "dockerfile_inline"],
      "Keep one of them.",
    );
  });
}

function networkModeAndNetworks(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    if (!svc.network_mode || Object.keys(svc.networks ?? {}).length === 0) return;
    report(
      ctx,
      "E_NETWORK_MODE_CONFLICT",
      `service "${name}" sets both network_mode "${svc.network_mode}" and networks, which are mutually exclusive`,
      ["services", name, "networks"],
      "Remove `networks:` to use the network mode, or remove `network_mode:` to join the networks.",
    );
  });
}

function undefinedBuildSecrets(ctx: RuleContext): void {
  each(ctx, (name, svc) =>
    svc.build?.secrets?.forEach((ref, i) => {
      if (ctx.project.secrets[ref.source]) return;
      report(ctx, "E_UNDEFINED_SECRET", `service "${name}" refers to undefined build secret "${ref.source}"`, ["services", name, "build", "secrets", i],
        "Declare it under the top-level `secrets:` key.");
    }),
  );
}

type Limit = { readonly attr: keyof ServiceConfig; readonly side: "limits" | "reservations"; readonly field: keyof Resource; readonly unit: string };

const LIMITS: readonly Limit[] = [
  { attr: "cpus", side: "limits", field: "cpus", unit: "" },
  { attr: "mem_limit", side: "limits", field: "memory", unit: " bytes" },
  { attr: "mem_reservation", side: "reservations", field: "memory", unit: " bytes" },
  { attr: "pids_limit", side: "limits", field: "pids", unit: "" },
];

/**
 * `cpus`, `mem_limit`, `mem_reservation` and `pids_limit` against `deploy.resources`: as in
 * Compose, once `deploy.resources.limits` (or `reservations`) exists it must carry the same value,
 * an absent one counting as 0.
 */
function resourcesAgreeWithDeploy(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    for (const { attr, side, field, unit } of LIMITS) {
      const own = svc[attr];
      const block = svc.deploy?.resources?.[side];
      if (typeof own !== "number" || own === 0 || !block) continue;
      const other = block[field];
      if (other === own) continue;
      const theirs = typeof other === "number" ? `deploy.resources.${side}.${field} is ${other}${unit}` : `deploy.resources.${side} does not set ${field}`;
      report(ctx, "E_RESOURCE_MISMATCH", `service "${name}" sets ${attr} to ${own}${unit} but ${theirs}; the two must agree`, ["services", name, attr],
        `Set only one of ${attr} and deploy.resources.${side}.${field}, or give both the same value.`);
    }
  });
}

const NEEDS_TARGET = new Set(["sync", "sync+restart", "sync+exec"]);

function watchTargets(ctx: RuleContext): void {
  each(ctx, (name, svc) => {
    const rules = svc.develop?.watch ?? [];
    // A rule with a list of paths is expanded into one per path: past that, indexes no longer match what was written.
    let written = 0;
    while (ctx.sources.has(["services", name, "develop", "watch", written])) written++;
    rules.forEach((rule, i) => {
      if (!NEEDS_TARGET.has(rule.action) || rule.target) return;
      const at = written === rules.length ? [i] : [];
      report(ctx, "E_WATCH_TARGET", `service "${name}" has a develop.watch rule with action ${rule.action} but no target to sync to`,
        ["services", name, "develop", "watch", ...at], "Add `target:` (the path in the container), or use action rebuild or restart.");
    });
  });
}

function uniqueContainerNames(ctx: RuleContext): void {
  const owners = new Map<string, string>();
  each(ctx, (name, svc) => {
    const cname = svc.container_name;
    if (!cname) return;
    const first = owners.get(cname);
    if (first === undefined) {
      owners.set(cname, name);
      return;
    }
    report(ctx, "E_CONTAINER_NAME_TAKEN", `service "${name}" has container_name "${cname}", which service "${first}" already has; container names must be unique`,
      ["services", name, "container_name"], `Give each service its own container_name, or remove it from one of them.`);
  });
}

function secretAndConfigSources(ctx: RuleContext): void {
  for (const kind of ["secrets", "configs"] as const) {
    const sources = kind === "secrets" ? ["file", "environment"] : ["file", "environment", "content"];
    for (const [name, obj] of Object.entries(ctx.project[kind])) {
      const set = sources.filter((k) => (obj as unknown as Record<string, unknown>)[k] !== undefined);
      const code = kind === "secrets" ? "E_SECRET_SOURCE" : "E_CONFIG_SOURCE";
      const what = kind === "secrets" ? "file or environment" : "file, environment or content";
      if (set.length > 1) {
        // Compose 2.40: "secrets.s: file|environment attributes are mutually exclusive", external or not
        report(ctx, code, `${kind.slice(0, -1)} "${name}" sets ${set.slice(0, -1).join(", ")} and ${set.at(-1) ?? ""}, which are mutually exclusive`, [kind, name],
          `Keep only one of ${what}.`, true);
        continue;
      }
      if (obj.external || set.length === 1) continue;
      report(ctx, code, `${kind.slice(0, -1)} "${name}" sets none of ${what}`, [kind, name],
        `Set one of ${what} to say where its content comes from, or \`external: true\` for one that already exists.`, true);
    }
  }
}
