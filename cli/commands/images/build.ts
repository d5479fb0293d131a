import { Command, Option } from "commander";
import { cliContext } from "../../context.js";
import { collect } from "../shared/flag-values.js";

/** Flags of `build`, as commander parses them. */
export interface BuildFlags {
  /** false under `--no-cache`. */
  readonly cache: boolean;
  readonly pull?: boolean;
  readonly buildArg?: string[];
  readonly quiet?: boolean;
  readonly withDependencies?: boolean;
  readonly push?: boolean;
  /** `--print`: print the equivalent `docker buildx bake` definition (JSON) and build nothing. */
  readonly print?: boolean;
  readonly parallel?: boolean;
  readonly compress?: boolean;
  readonly forceRm?: boolean;
  /** false under the legacy `--no-rm`. */
  readonly rm?: boolean;
  /** `-m, --memory`: the build containers' memory limit (`512m`, `1g`). */
  readonly memory?: string;
  /** BuildKit/buildx flags the engine's classic builder cannot honour: refused with the reason (`buildx-flags.ts`). */
  readonly builder?: string;
  readonly check?: boolean;
  readonly provenance?: string;
  readonly sbom?: string;
  readonly ssh?: string;
}

/** docker-compose v1's build flags that Compose v2 still accepts and ignores. */
export const LEGACY_BUILD_FLAGS = [
  ["parallel", "--parallel", "builds already run in parallel"],
  ["compress", "--compress", "the build context is always sent as it is"],
  ["forceRm", "--force-rm", "intermediate containers are always removed"],
] as const;

/** The `build` verb: build or rebuild the images of services that have `build:`. */
export function createBuildCommand(name = "build"): Command {
  return new Command(name)
    .description("Build or rebuild services")
    .argument("[services...]", "services to build (default: all with a build section)")
    .option("--no-cache", "do not use cache when building the image")
    .option("--pull", "always attempt to pull a newer version of the image")
    .option("--build-arg <KEY=VALUE>", "set build-time variables for services (a bare KEY takes its value from the environment)", collect)
    .option("-q, --quiet", "don't print anything to STDOUT")
    .option("--with-dependencies", "also build dependencies (transitively)")
    .option("--push", "push the service images after building them")
    .option("--print", "print the equivalent bake file (JSON) and build nothing")
    .option("-m, --memory <BYTES>", "memory limit of the build containers (RUN steps), e.g. 512m or 1g")
    .option("--builder <NAME>", "builder to use: only the engine's own, \"default\"")
    .addOption(new Option("--check", "BuildKit's build checks (not available: refused with the reason)").hideHelp())
    .addOption(new Option("--provenance <VALUE>", "BuildKit attestation (not available: refused with the reason)").hideHelp())
    .addOption(new Option("--sbom <VALUE>", "BuildKit attestation (not available: refused with the reason)").hideHelp())
    .addOption(new Option("--ssh <SPEC>", "BuildKit SSH forwarding (not available: refused with the reason)").hideHelp())
    .addOption(new Option("--parallel", "deprecated: builds already run in parallel").hideHelp())
    .addOption(new Option("--compress", "deprecated, ignored").hideHelp())
    .addOption(new Option("--force-rm", "deprecated, ignored").hideHelp())
    .addOption(new Option("--no-rm", "deprecated, ignored").hideHelp())
    .action(async (services: string[], flags: BuildFlags, cmd: Command) => {
      const { runBuild } = await import("./build-run.js");
      await runBuild(cliContext(cmd), services, flags);
    });
}
