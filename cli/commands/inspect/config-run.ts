import { writeFileSync } from "node:fs";
import path from "node:path";
import { sortKeys } from "../../../spec/compose-go/canonical.js";
import { goJson } from "../../../spec/compose-go/go-json.js";
import { orderKeys, PROJECT, typeAt } from "../../../spec/compose-go/go-types.js";
import { configModel } from "../../../spec/compose-go/config-model.js";
import { describeWarning, ProjectError } from "../../../spec/errors.js";
import { resolvedConfigHash } from "../../../engine/plan/plan-up-hash.js";
import { defaultImageName } from "../../../engine/runtime/labels.js";
import { loadProject, loadRawModel, type LoadedProject } from "../../../spec/load.js";
import { extractVariables } from "../../../spec/discover/variables.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { toYaml, type KeyOrdering } from "../../render/yaml.js";
import { sortYamlKeys, yamlKeyOrder } from "../../render/yaml-key-order.js";
import type { ConfigFlags } from "./config.js";
import { renderVariables } from "./config-variables.js";

/** Runs `config`: loads the project and prints the part the flags ask for. */
export async function runConfig(ctx: CliContext, services: string[], flags: ConfigFlags): Promise<void> {
  const text = variablesOnly(flags) ? await variablesText(ctx, flags) : await configText(ctx, services, flags);
  if (text === undefined) return;
  if (flags.output) writeFileSync(path.resolve(ctx.cwd, flags.output), text);
  else ctx.stdout.write(text);
}

/** `--variables`, unless a flag Compose looks at first (`--services`, `--hash`, …) is given too. */
function variablesOnly(flags: ConfigFlags): boolean {
  return !!flags.variables && !(flags.services || flags.volumes || flags.networks || flags.models || flags.profiles || flags.images || flags.hash !== undefined);
}

/** The project's model (undefined with `--quiet`), or the part of it the flags ask for (printed even with `--quiet`, as Compose does). */
async function configText(ctx: CliContext, services: string[], flags: ConfigFlags): Promise<string | undefined> {
  // As in Compose, the name lists and --hash look at the whole project, not the named services.
  const whole = flags.services || flags.volumes || flags.networks || flags.models || flags.hash !== undefined;
  const opts = await loadOptions(ctx, { services: whole ? [] : services, interpolate: flags.interpolate, consistency: flags.consistency, resolvePaths: flags.pathResolution, normalize: flags.normalize });
  const loaded = loadProject({ ...opts, ...(flags.allResources ? { allResources: true } : {}) });
  for (const w of loaded.warnings) ctx.stderr.write(`WARN ${describeWarning(w, ctx.cwd)}\n`);
  return render(loaded, flags);
}

/**
 * `--variables`: the variables of the merged model as written (files, `include`s and `extends`,
 * nothing interpolated, as Compose reads it), so an unset required variable is listed, not an
 * error; a file that cannot be read or parsed still is one. Undefined with `--quiet`.
 */
async function variablesText(ctx: CliContext, flags: ConfigFlags): Promise<string | undefined> {
  const raw = loadRawModel(await loadOptions(ctx, { services: [] }));
  for (const w of raw.warnings) ctx.stderr.write(`WARN ${describeWarning(w, ctx.cwd)}\n`);
  // As in Compose, -q silences only the whole model: the lists and tables still print.
  return renderVariables(extractVariables(raw.data), flags.format);
}

function render(loaded: LoadedProject, flags: ConfigFlags): string | undefined {
  const { project } = loaded;
  const lines = (xs: Iterable<string>) => [...xs].map((x) => `${x}\n`).join("");
  const names = Object.keys(project.services).sort();
  if (flags.services) return lines(names);
  if (flags.volumes) return lines(Object.keys(project.volumes ?? {}));
  if (flags.networks) return lines(Object.keys(project.networks ?? {}));
  // Compose prints each model's `model` (the image it runs), in Go's random map order; sorted here by key.
  if (flags.models) return lines(Object.keys(project.models ?? {}).sort().flatMap((k) => project.models?.[k]?.model ?? []));
  if (flags.profiles) return lines(loaded.allProfiles);
  if (flags.images) return lines(names.map((n) => project.services[n]?.image ?? defaultImageName(project.name, n)));
  if (flags.environment) return lines([...loaded.variables].map(([k, v]) => `${k}=${v}`));
  if (flags.hash !== undefined) {
    const wanted = flags.hash === "*" ? names : flags.hash.split(",").map((s) => s.trim());
    return lines(
      wanted.map((n) => {
        const svc = project.services[n];
        if (!svc) throw new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${n}`, { hint: `The project's services are: ${names.join(", ")}.` });
        // The label the service's containers get; a `service:X` reference stays unresolved, as in Compose.
        return `${n} ${resolvedConfigHash(svc, () => undefined)}`;
      }),
    );
  }
  return flags.quiet ? undefined : renderModel(loaded, flags);
}

/**
 * The model as `docker compose config` prints it: YAML with the top level in Compose's struct order
 * (alphabetical with --no-interpolate, where Compose prints its raw model), or JSON as Go writes
 * compose-go's model (struct fields in declaration order, maps sorted) with no final newline. With interpolation on, every `$` is written `$$`, so the output
 * can be fed back to Compose unchanged.
 */
/** Compose's YAML key order: its project's fields, then compose-go's struct orders and sorted maps. */
const typedYamlOrder: KeyOrdering = (keys, top, path) => (top ? sortKeys(keys, true, yamlKeyOrder) : orderKeys(typeAt(PROJECT, path), keys, yamlKeyOrder));

function renderModel(loaded: LoadedProject, flags: ConfigFlags): string {
  const json = flags.format === "json";
  const model = configModel(loaded.project, { json: json && flags.interpolate });
  // YAML keys are ordered as they are written (as `canonical` would order them), saving a copy.
  const text = json
    ? goJson(model, PROJECT, "  ")
    : toYaml(model, flags.interpolate ? typedYamlOrder : (keys) => sortYamlKeys(keys));
  return flags.interpolate ? text.replaceAll("$", () => "$$") : text;
}
