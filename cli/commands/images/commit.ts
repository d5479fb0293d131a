import { Command, InvalidArgumentError } from "commander";
import { cliContext } from "../../context.js";
import { collect, wholeNumber } from "../shared/flag-values.js";

/** Flags of `commit`, as commander parses them. */
export interface CommitFlags {
  readonly author?: string;
  readonly change?: string[];
  readonly index?: number;
  readonly message?: string;
  /** false with `--pause=false`. */
  readonly pause: boolean;
}

/** `--pause`'s value; anything else most likely is the SERVICE after a bare `-p`, so say how to write it. */
function pauseValue(value: string): boolean {
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  throw new InvalidArgumentError(`"${value}" is not true or false (write --pause=false; pausing is the default).`);
}

/** The `commit` verb: a new image from a service container's changes. */
export function createCommitCommand(name = "commit"): Command {
  return new Command(name)
    .description("Create a new image from a service container's changes")
    .argument("<service>", "the service")
    .argument("[reference]", "REPOSITORY[:TAG] of the new image (default: untagged)")
    .option("-a, --author <AUTHOR>", 'author (e.g., "John Hannibal Smith <hannibal@a-team.com>")')
    .option("-c, --change <INSTRUCTION>", "apply a Dockerfile instruction to the created image (repeatable)", collect)
    .option("--index <N>", "index of the container if the service has multiple replicas", wholeNumber)
    .option("-m, --message <MESSAGE>", "commit message")
    .option("-p, --pause [BOOL]", "pause the container during commit (--pause=false does not)", pauseValue, true)
    .action(async (service: string, reference: string | undefined, flags: CommitFlags, cmd: Command) => {
      const { runCommit } = await import("./commit-run.js");
      await runCommit(cliContext(cmd), service, reference, flags);
    });
}
