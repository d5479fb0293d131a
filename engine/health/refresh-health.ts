import type { ContainerDetails, Runtime } from "../runtime/runtime.js";

/**
 * The container as a reader (`ps`) should see it: on an engine that never runs healthchecks
 * (`identify()` says `none`), a running container with a healthcheck gets one check now through
 * the engine's single-check endpoint and is inspected again, so its health is a real result, not
 * the `starting` it would keep forever. Elsewhere (or when that fails) the details come back as they are.
 */
export async function refreshHealth(runtime: Runtime, details: ContainerDetails, identity = runtime.identify?.()): Promise<ContainerDetails> {
  if (!details.config.hasHealthcheck || details.state.status !== "running" || !runtime.runHealthcheck || !identity) return details;
  try {
    if ((await identity).healthchecks !== "none") return details;
    await runtime.runHealthcheck(details.id);
    return await runtime.inspectContainer(details.id);
  } catch {
    return details;
  }
}

/**
 * The engine's status text (`Up 3 seconds (starting)`) with its health part as Docker writes it
 * (`(health: starting)`, `(healthy)`), brought up to date, or added where the engine leaves it out (Podman).
 */
export function refreshStatusText(text: string, after: ContainerDetails): string {
  const health = after.state.health;
  if (health === "none" || after.state.status !== "running") return text;
  const part = `(${health === "starting" ? "health: starting" : health})`;
  const pattern = /\((health: )?(starting|healthy|unhealthy)\)/;
  return pattern.test(text) ? text.replace(pattern, part) : `${text} ${part}`;
}
