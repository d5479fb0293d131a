import { createHash } from "node:crypto";
import { sectionEntryModel, serviceConfigModel } from "./config-model.js";
import { goJson } from "./go-json.js";
import { NETWORK, SERVICE, VOLUME } from "./go-types.js";
import type { NetworkConfig, ServiceConfig, VolumeConfig } from "../project.js";

/** Service keys that never force a recreate (as in Compose's hash). */
const NOT_HASHED = ["build", "pull_policy", "scale", "depends_on", "profiles"] as const;

/**
 * The config hash a service's containers are labelled with (`com.docker.compose.config-hash`),
 * computed as Docker Compose 2.40 computes it, so either tool sees the other's containers as up to
 * date: SHA-256 of the service's compact JSON in compose-go's shape (what `config --format json`
 * prints for it, `x-*` keys left out), without `build`, `pull_policy`, `scale`, `deploy.replicas`,
 * `depends_on` and `profiles`, so scaling or dependency edits never recreate. With `label_file`, the
 * files' absolute paths are hashed too (after `labels`, which hold their merged content): that is the
 * label Compose writes on containers, though its own `config --hash` leaves them out.
 */
export function serviceConfigHash(service: ServiceConfig): string {
  const model = serviceConfigModel(service, { json: true });
  for (const key of NOT_HASHED) delete model[key];
  // Compose 2.40 hashes the label files' absolute paths along with the merged labels (its config --hash does not)
  if (service.label_file !== undefined) model["label_file"] = service.label_file;
  const deploy = model["deploy"];
  if (deploy && typeof deploy === "object") {
    const { replicas: _replicas, ...rest } = deploy as Record<string, unknown>;
    model["deploy"] = rest;
  }
  return sha256(goJson(model, SERVICE));
}

/**
 * A network's config hash (its `com.docker.compose.config-hash` label), as Compose computes it:
 * SHA-256 of the network's compact JSON in compose-go's shape. Compose recreates a network whose
 * label differs, so this must agree with it byte for byte.
 */
export function networkConfigHash(config: NetworkConfig): string {
  return sha256(goJson(sectionEntryModel("networks", config), NETWORK));
}

/** A volume's config hash (its `com.docker.compose.config-hash` label): as Compose, with the driver defaulting to `local`. */
export function volumeConfigHash(config: VolumeConfig): string {
  return sha256(goJson(sectionEntryModel("volumes", { ...config, driver: config.driver || "local" }), VOLUME));
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
