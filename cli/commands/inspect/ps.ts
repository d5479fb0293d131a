import { Command } from "commander";
import { cliContext } from "../../context.js";
import { formatOption } from "../../render/format-option.js";
import { booleanValue, collect } from "../shared/flag-values.js";

/** Flags of `ps`. */
export interface PsFlags {
  /** `table`, `json`, `table TEMPLATE` or a Go template. */
  readonly format: string;
  readonly quiet?: boolean;
  readonly all?: boolean;
  readonly services?: boolean;
  readonly status?: string[];
  readonly filter?: string;
  readonly orphans: boolean;
  readonly trunc: boolean;
}

/** The `ps` verb: list the project's containers. */
export function createPsCommand(name = "ps"): Command {
  return new Command(name)
    .description("List containers")
    .argument("[services...]", "only these services' containers")
    .addOption(formatOption())
    .option("-q, --quiet", "only display IDs")
    .option("-a, --all", "show all stopped containers (including those created by the run command)")
    .option("--services", "display services")
    .option("--status <STATUS>", "filter services by status (paused, restarting, removing, running, dead, created, exited); repeatable", collect)
    .option("--filter <KEY=VALUE>", "filter services by a property (supported filters: status)")
    .option("--orphans <BOOL>", "include orphaned services (not declared by project)", booleanValue, true)
    .option("--no-trunc", "don't truncate output")
    .action(async (services: string[], flags: PsFlags, cmd: Command) => {
      const { runPs } = await import("./ps-run.js");
      await runPs(cliContext(cmd), services, flags);
    });
}
