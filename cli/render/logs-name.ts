import { containerShortName } from "../../engine/runtime/labels.js";

/**
 * The name a container goes by in log prefixes and status lines, as Docker Compose prints it:
 * `web-1` for the default `<project>-web-1`, the full name for a `container_name`.
 */
export function logName(project: string, service: string, number: number, name: string): string {
  const bare = name.startsWith("/") ? name.slice(1) : name;
  return containerShortName(project, service, number, bare);
}
