import { Command } from "commander";
import { cliContext } from "../../context.js";

/** Flags of `push`, as commander parses them. */
export interface PushFlags {
  readonly quiet?: boolean;
  readonly includeDeps?: boolean;
  readonly ignorePushFailures?: boolean;
}

/** The `push` verb: push the images of services that have both `build:` and `image:`. */
export function createPushCommand(name = "push"): Command {
  return new Command(name)
    .description("Push service images")
    .argument("[services...]", "services to push (default: every service with build and image)")
    .option("-q, --quiet", "push without printing progress information")
    .option("--include-deps", "also push images of services declared as dependencies")
    .option("--ignore-push-failures", "push what it can and ignore images with push failures")
    .action(async (services: string[], flags: PushFlags, cmd: Command) => {
      const { runPush } = await import("./push-run.js");
      await runPush(cliContext(cmd), services, flags);
    });
}
