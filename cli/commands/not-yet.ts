import { ComposeError } from "../../spec/errors.js";

/** Thrown by verbs whose engine side has not landed yet: says so plainly, exit 1. */
export function notImplemented(verb: string): never {
  throw new ComposeError("E_NOT_IMPLEMENTED", `\`${verb}\` is not implemented yet in this version of tscompose`, {
    hint: "Use `tscompose config` to validate and inspect the project meanwhile.",
  });
}
