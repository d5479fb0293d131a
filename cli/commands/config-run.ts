import { writeFileSync } from "node:fs";
import path from "node:path";
import { canonical } from "../../spec/canonical.js";
import { describeWarning, ProjectError } from "../../spec/errors.js";
import { serviceConfigHash } from "../../spec/hash.js";
import { loadProject, type LoadedProject } from "../../spec/load.js";
import type { CliContext } from "../context.js";
import { loadOptions } from "../load-options.js";
import { toYaml } from "../render/yaml.js";
import type { ConfigFlags } from "./config.js";

/** Runs `config`: loads the project and prints the part the flags ask for. */
export async function runConfig(ctx: CliContext, services: string[], flags: ConfigFlags): Promise<void> {
  const opts = await loadOptions(ctx, { services, interpolate: flags.interpolate });
  const loaded = loadProject(opts);
  for (const w of loaded.warnings) ctx.stderr.write(`WARN ${describeWarning(w, ctx.cwd)}\n`);
  if (flags.quiet) return;
  const text = render(loaded, services, flags);
  if (flags.output) writeFileSync(path.resolve(ctx.cwd, flags.output), text);
  else ctx.stdout.write(text);
}

function render(loaded: LoadedProject, selected: string[], flags: ConfigFlags): string {
  const { project } = loaded;
  const lines = (xs: Iterable<string>) => [...xs].map((x) => `${x}\n`).join("");
  for (const s of selected) {
    if (!project.services[s]) {
      throw new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${s}`, {
        hint: `The project's services are: ${Object.keys(project.services).join(", ")}.`,
      });
    }
  }
  const names = selected.length > 0 ? selected : Object.keys(project.services).sort();
  if (flags.services) return lines(names);
  if (flags.volumes) return lines(Object.keys(project.volumes ?? {}));
  if (flags.networks) return lines(Object.keys(project.networks ?? {}));
  if (flags.profiles) return lines(loaded.allProfiles);
  if (flags.images) return lines(names.map((n) => project.services[n]?.image ?? `${project.name}-${n}`));
  if (flags.environment) return lines([...loaded.variables].map(([k, v]) => `${k}=${v}`));
  if (flags.hash !== undefined) {
    const wanted = flags.hash === "*" ? names : flags.hash.split(",").map((s) => s.trim());
    return lines(
      wanted.map((n) => {
        const svc = project.services[n];
        if (!svc) throw new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${n}`);
        return `${n} ${serviceConfigHash(svc)}`;
      }),
    );
  }
  const model: Record<string, unknown> = { ...project };
  if (selected.length > 0) model["services"] = Object.fromEntries(names.map((n) => [n, project.services[n]]));
  // Like docker compose config: empty top-level sections are left out.
  for (const key of ["networks", "volumes", "secrets", "configs", "models"]) {
    const v = model[key];
    if (v && typeof v === "object" && Object.keys(v).length === 0) delete model[key];
  }
  const ordered = canonical(model);
  if (flags.format === "json") return `${JSON.stringify(ordered, null, 2)}\n`;
  return toYaml(ordered);
}
