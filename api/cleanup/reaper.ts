/**
 * The last-resort reaper: a separate Node process the cleanup runs synchronously from a
 * process's `exit` event (which cannot wait for anything asynchronous). It reads
 * `{"connection": {...}, "projects": ["name", ...]}` as JSON from standard input and removes
 * everything labelled with those projects. Our own code over the Engine API; no docker CLI.
 */
import { connectEngine, type EngineConnection } from "../connect/connect.js";
import { sweepProject } from "./sweep.js";

/** What the reaper is told on standard input. */
export interface ReaperInput {
  readonly connection: EngineConnection;
  readonly projects: readonly string[];
}

async function readInput(): Promise<ReaperInput> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as ReaperInput;
}

async function main(): Promise<void> {
  const input = await readInput();
  const runtime = await connectEngine(input.connection);
  const failures = await Promise.all(input.projects.map((p) => sweepProject(runtime, p).catch(() => 1)));
  if (failures.some((n) => n > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`tscompose reaper: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
