/** Every verb of `tscompose`, in help order (the order of program.ts's factories). */
export const VERB_NAMES: readonly string[] = [
  "config", "build", "up", "down", "create", "start", "stop", "restart", "kill", "rm", "pause", "unpause",
  "ps", "logs", "port", "ls", "top", "images", "events", "exec", "run", "cp", "wait", "watch",
];
