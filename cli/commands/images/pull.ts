import { Command, Option } from "commander";
import { cliContext } from "../../context.js";

/** Flags of `pull`, as commander parses them. */
export interface PullFlags {
  readonly quiet?: boolean;
  readonly includeDeps?: boolean;
  readonly ignorePullFailures?: boolean;
  readonly ignoreBuildable?: boolean;
  readonly policy?: "missing" | "always";
}

/** The `pull` verb: pull the images of the project's services. */
export function createPullCommand(name = "pull"): Command {
  return new Command(name)
    .description("Pull service images")
    .argument("[services...]", "services to pull (default: every service)")
    .option("-q, --quiet", "pull without printing progress information")
    .option("--include-deps", "also pull services declared as dependencies")
    .option("--ignore-pull-failures", "pull what it can and ignore images with pull failures")
    .option("--ignore-buildable", "ignore images that can be built")
    .addOption(new Option("--policy <POLICY>", "apply pull policy (default: each service's pull_policy)").choices(["missing", "always"]))
    .action(async (services: string[], flags: PullFlags, cmd: Command) => {
      const { runPull } = await import("./pull-run.js");
      await runPull(cliContext(cmd), services, flags);
    });
}
