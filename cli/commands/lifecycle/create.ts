import { Command, Option } from "commander";
import { cliContext } from "../../context.js";
import { collect } from "../shared/flag-values.js";

/** Flags of `create`. */
export interface CreateFlags {
  readonly build?: boolean;
  readonly pull?: "always" | "missing" | "never" | "policy" | "build";
  readonly quietPull?: boolean;
  readonly forceRecreate?: boolean;
  readonly recreate: boolean;
  readonly removeOrphans?: boolean;
  readonly scale?: string[];
  readonly yes?: boolean;
}

/** The `create` verb: create the containers (networks, volumes) of services without starting them. */
export function createCreateCommand(name = "create"): Command {
  return new Command(name)
    .description("Creates containers for a service")
    .argument("[services...]", "services to create (with their dependencies)")
    .option("--build", "build images before starting containers")
    .option("--no-build", "don't build an image, even if it's missing")
    .addOption(new Option("--pull <POLICY>", "pull image before running").choices(["always", "missing", "never", "policy", "build"]).default("policy"))
    .option("--quiet-pull", "pull without printing progress information")
    .option("--force-recreate", "recreate containers even if their configuration and image haven't changed")
    .option("--no-recreate", "if containers already exist, don't recreate them")
    .option("--remove-orphans", "remove containers for services not defined in the compose file")
    .option("--scale <SERVICE=NUM>", "scale SERVICE to NUM instances (overrides `scale`)", collect)
    .option("-y, --yes", "assume yes to all prompts")
    .action(async (services: string[], flags: CreateFlags, cmd: Command) => {
      const { runCreate } = await import("./create-run.js");
      await runCreate(cliContext(cmd), services, flags);
    });
}
