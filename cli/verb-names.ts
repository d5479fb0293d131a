/** Every verb of `tscompose`, in help order (the order of program.ts's factories). */
export const VERB_NAMES: readonly string[] = [
  "config", "build", "pull", "push", "up", "down", "create", "start", "stop", "restart", "kill", "rm", "pause", "unpause", "scale",
  "ps", "logs", "port", "ls", "top", "stats", "images", "volumes", "events", "exec", "attach", "run", "cp", "export", "commit", "wait", "watch", "stack", "version",
];
