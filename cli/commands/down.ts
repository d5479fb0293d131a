import { Command } from "commander";
import { notImplemented } from "./not-yet.js";

/** The `down` verb: stop and remove the project's containers and networks. */
export function createDownCommand(name = "down"): Command {
  return new Command(name)
    .description("Stop and remove containers, networks")
    .argument("[services...]", "services to remove")
    .option("-v, --volumes", "also remove named volumes declared in the project and anonymous volumes")
    .action(() => notImplemented("down"));
}
