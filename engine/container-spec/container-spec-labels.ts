import type { ServiceConfig } from "../../spec/project.js";
import { COMPOSE_VERSION_LABEL, LABELS } from "../runtime/labels.js";

/** What Compose records about a container in its labels. */
export interface LabelInput {
  readonly project: string;
  readonly service: string;
  readonly config: ServiceConfig;
  readonly number: number;
  readonly configHash: string;
  /** The image id (`sha256:…`) the container is created from; the label is left out when unknown. */
  readonly imageId?: string;
  readonly projectDir: string;
  readonly configFiles: readonly string[];
  readonly envFile?: string;
  readonly oneoff?: boolean;
  /** More labels to set (e.g. `LABELS.slug`, `LABELS.replace`); they win over everything else. */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * A container's labels: the service's own `labels`, then Compose's (which win, as in Compose):
 * project, service, container-number, oneoff (`True`/`False`), config-hash, image, depends_on
 * (`svc:condition:restart` entries sorted by service, comma-separated), project working_dir,
 * config_files (comma list), environment_file (when given) and version; then `extra`.
 */
export function containerLabels(input: LabelInput): Record<string, string> {
  return {
    ...input.config.labels,
    [LABELS.project]: input.project,
    [LABELS.service]: input.service,
    [LABELS.containerNumber]: String(input.number),
    [LABELS.oneoff]: input.oneoff ? "True" : "False",
    [LABELS.configHash]: input.configHash,
    ...(input.imageId ? { [LABELS.image]: input.imageId } : {}),
    [LABELS.dependsOn]: dependsOnLabel(input.config),
    [LABELS.workingDir]: input.projectDir,
    [LABELS.configFiles]: input.configFiles.join(","),
    ...(input.envFile ? { [LABELS.environmentFile]: input.envFile } : {}),
    [LABELS.version]: COMPOSE_VERSION_LABEL,
    ...input.extra,
  };
}

/** `db:service_healthy:false,cache:service_started:true`, sorted by service name (empty when none). */
export function dependsOnLabel(config: ServiceConfig): string {
  return Object.entries(config.depends_on ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, dep]) => `${name}:${dep.condition}:${dep.restart}`)
    .join(",");
}
