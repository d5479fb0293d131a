import { Command } from "commander";
import { notImplemented } from "./not-yet.js";

/** The `up` verb: create and start the project's containers. */
export function createUpCommand(name = "up"): Command {
  return new Command(name)
    .description("Create and start containers")
    .argument("[services...]", "services to start (with their dependencies)")
    .option("-d, --detach", "run containers in the background")
    .action(() => notImplemented("up"));
}
