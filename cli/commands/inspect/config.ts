import { Command, Option } from "commander";
import { cliContext } from "../../context.js";

/** Flags of the `config` verb. */
export interface ConfigFlags {
  /** Unset: YAML for the model, a table for `--variables`. */
  readonly format?: "yaml" | "json";
  readonly quiet?: boolean;
  readonly services?: boolean;
  readonly volumes?: boolean;
  readonly networks?: boolean;
  readonly models?: boolean;
  readonly profiles?: boolean;
  readonly images?: boolean;
  readonly hash?: string;
  readonly variables?: boolean;
  readonly interpolate: boolean;
  /** false for `--no-consistency`. */
  readonly consistency: boolean;
  /**
   * false for `--no-env-resolution`. Accepted and without effect, as in Compose 2.40.3, whose output
   * is the same with it (env_file contents are still merged into `environment`; measured on every
   * valid corpus case).
   */
  readonly envResolution: boolean;
  /** false for `--no-path-resolution`: host paths as written (rebased relatively from included files and extends bases). */
  readonly pathResolution: boolean;
  /** false for `--no-normalize`: no implicit default network, inferred dependencies, default names or dockerfile. */
  readonly normalize: boolean;
  readonly output?: string;
  readonly environment?: boolean;
  readonly allResources?: boolean;
}

/** The `config` verb: validate the project and print its resolved, normalized form. */
export function createConfigCommand(name = "config"): Command {
  return new Command(name)
    .description("Parse, resolve and render the compose file in canonical format")
    .argument("[services...]", "only these services")
    .addOption(new Option("--format <FORMAT>", "output format (default: yaml; a table for --variables)").choices(["yaml", "json"]))
    .option("-q, --quiet", "only validate the configuration, don't print the model")
    .option("--services", "print the service names, one per line")
    .option("--volumes", "print the volume names, one per line")
    .option("--networks", "print the network names, one per line")
    .option("--models", "print the model names (each model's `model`), one per line")
    .option("--profiles", "print the profile names, one per line")
    .option("--images", "print the image names, one per line")
    .option("--hash <SERVICES>", "print the config hash of the services ('*' for all)")
    .option("--variables", "print the variables the model interpolates, with their defaults")
    .option("--no-interpolate", "don't interpolate environment variables")
    .option("--no-normalize", "don't normalize compose model (no implicit default network, dependencies, names or dockerfile)")
    .option("--no-path-resolution", "don't resolve file paths (kept as written; those of included files and extends bases rebased relatively)")
    .option("--no-env-resolution", "don't resolve service env files (accepted; no effect, as in Compose 2.40)")
    .option("--no-consistency", "don't check model consistency (undefined references, cycles, conflicting limits…)")
    .option("-o, --output <FILE>", "save to a file instead of printing")
    .option("--environment", "print the environment used for interpolation")
    .option("--all-resources", "include all resources, even those not used by services")
    .action(async (services: string[], flags: ConfigFlags, cmd: Command) => {
      const { runConfig } = await import("./config-run.js");
      await runConfig(cliContext(cmd), services, flags);
    });
}
