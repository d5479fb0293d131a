import { Command, Option } from "commander";
import { cliContext } from "../../context.js";
import { collect, wholeNumber } from "../shared/flag-values.js";

/** Flags of `up`, as commander parses them. */
export interface UpFlags {
  readonly detach?: boolean;
  readonly build?: boolean;
  readonly pull?: "always" | "missing" | "never" | "policy";
  readonly wait?: boolean;
  readonly waitTimeout?: number;
  readonly abortOnContainerExit?: boolean;
  readonly abortOnContainerFailure?: boolean;
  readonly exitCodeFrom?: string;
  readonly scale?: string[];
  readonly deps: boolean;
  readonly forceRecreate?: boolean;
  readonly recreate: boolean;
  readonly alwaysRecreateDeps?: boolean;
  readonly renewAnonVolumes?: boolean;
  readonly removeOrphans?: boolean;
  readonly start: boolean;
  readonly attach?: string[];
  readonly noAttach?: string[];
  readonly attachDependencies?: boolean;
  readonly logPrefix: boolean;
  readonly color: boolean;
  readonly timestamps?: boolean;
  readonly timeout?: number;
  readonly quietPull?: boolean;
  readonly quietBuild?: boolean;
  /** `--menu`: Compose's interactive shortcuts, which tscompose does not have (a warning when attached). */
  readonly menu?: boolean;
  readonly yes?: boolean;
  /** `-w, --watch`: watch the project's develop.watch paths while attached. */
  readonly watch?: boolean;
}


/** The `up` verb: create and start the project's containers (the `tsc-up` shim reuses it). */
export function createUpCommand(name = "up"): Command {
  return new Command(name)
    .description("Create and start containers")
    .argument("[services...]", "services to start (with their dependencies)")
    .option("-d, --detach", "run containers in the background")
    .option("--build", "build images before starting containers")
    .option("--no-build", "don't build an image, even if it's missing")
    .addOption(new Option("--pull <POLICY>", "pull image before running").choices(["always", "missing", "never", "policy"]).default("policy"))
    .option("--wait", "wait for services to be running|healthy (implies --detach)")
    .option("--wait-timeout <SECONDS>", "maximum duration to wait for the project to be running|healthy", wholeNumber)
    .option("--abort-on-container-exit", "stop all containers if any container was stopped")
    .option("--abort-on-container-failure", "stop all containers if any container exited with failure")
    .option("--exit-code-from <SERVICE>", "return the exit code of the selected service container (implies --abort-on-container-exit)")
    .option("--scale <SERVICE=NUM>", "scale SERVICE to NUM instances (overrides `scale`)", collect)
    .option("--no-deps", "don't start linked services")
    .option("--force-recreate", "recreate containers even if their configuration and image haven't changed")
    .option("--no-recreate", "if containers already exist, don't recreate them")
    .option("--always-recreate-deps", "recreate dependent containers")
    .option("-V, --renew-anon-volumes", "recreate anonymous volumes instead of retrieving data from the previous containers")
    .option("--remove-orphans", "remove containers for services not defined in the compose file")
    .option("--no-start", "don't start the services after creating them")
    .option("--attach <SERVICE>", "restrict attaching to the specified services", collect)
    .option("--no-attach <SERVICE>", "do not attach (stream logs) to the specified services", collect)
    .option("--attach-dependencies", "automatically attach to log output of dependent services")
    .option("--no-log-prefix", "don't print prefix in logs")
    .option("--no-color", "produce monochrome output")
    .option("--timestamps", "show timestamps")
    .option("-t, --timeout <SECONDS>", "shutdown timeout in seconds", wholeNumber)
    .option("--quiet-pull", "pull without printing progress information")
    .option("--quiet-build", "suppress the build output")
    .option("-y, --yes", "assume yes to all prompts")
    .addOption(new Option("--menu", "accepted for Compose compatibility: tscompose has no interactive shortcuts menu").hideHelp())
    .option("-w, --watch", "watch source code and rebuild/refresh containers when files are updated")
    .action(async (services: string[], flags: UpFlags, cmd: Command) => {
      const { runUp } = await import("./up-run.js");
      await runUp(cliContext(cmd), services, flags);
    });
}
