import { ProjectError } from "../../../spec/errors.js";
import type { BuildFlags } from "./build.js";

/**
 * Refuses, before the engine is contacted, the `build` flags that need BuildKit through buildx:
 * tscompose builds with the engine's classic builder (`POST /build`), which has no builders to
 * choose from, no SSH forwarding, no build checks and no attestations. Docker Compose 2.40.3 without
 * buildx refuses them too (`no builder "x" found`, "Attestation is not supported for the docker
 * driver", an empty SSH agent socket), except `--check`, which it then runs as a plain build; a
 * check that builds instead would mislead, so it is refused here too.
 */
export function refuseBuildxFlags(flags: BuildFlags): void {
  const classic = "tscompose builds with the engine's classic builder";
  if (flags.builder !== undefined && flags.builder !== "default") {
    throw new ProjectError("E_USAGE", `no builder "${flags.builder}": ${classic} ("default"); buildx builders are not available`, {
      hint: "Drop --builder (or give --builder default), or build this image with docker buildx.",
    });
  }
  if (flags.ssh !== undefined) {
    throw new ProjectError("E_USAGE", `--ssh needs BuildKit's SSH forwarding; ${classic}, which has none`, {
      hint: "Build this image with docker buildx, or fetch private sources before the build (a build arg, a secret file in the context).",
    });
  }
  for (const [flag, value] of [["--provenance", flags.provenance], ["--sbom", flags.sbom]] as const) {
    if (value === undefined) continue;
    throw new ProjectError("E_USAGE", `${flag} adds a BuildKit attestation; ${classic}, which makes none`, {
      hint: `Drop ${flag} (Docker Compose refuses it on the engine's own driver too), or build with docker buildx and the containerd image store.`,
    });
  }
  if (flags.check) {
    throw new ProjectError("E_USAGE", `--check runs BuildKit's build checks; ${classic}, which has none`, {
      hint: "Run docker build --check on the Dockerfile (BuildKit), or build without --check.",
    });
  }
}
