import { describe, expect, it } from "vitest";
import { ProjectErrors } from "../errors.js";
import { memoryHost } from "../host.js";
import { loadProject } from "../load.js";

/** Loads /app/compose.yaml and returns each reported problem as `describe()` text. */
function problems(...lines: string[]): string[] {
  try {
    loadProject({ workingDir: "/app", env: {} }, memoryHost({ "/app/compose.yaml": lines.join("\n") + "\n" }));
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map((x) => x.describe("/app"));
    throw e;
  }
  return [];
}

describe("rules: undefined services", () => {
  it("reports a link to an undefined service once, at the link, not again as an inferred dependency", () => {
    expect(problems("services:", "  web:", "    image: x", "    links:", "      - cache:redis", "  redis:", "    image: r")).toEqual([
      'compose.yaml:5:9 services.web.links[0]: service "web" links to undefined service "cache"',
    ]);
  });

  it("does the same for service: namespaces and volumes_from", () => {
    expect(problems("services:", "  vpn:", "    image: x", "  app:", "    image: x", '    network_mode: "service:vpm"')).toEqual([
      'compose.yaml:6:19 services.app.network_mode: service "app" uses the network_mode of undefined service "vpm"',
    ]);
    expect(problems("services:", "  app:", "    image: x", "    volumes_from:", "      - datastore:ro")).toEqual([
      'compose.yaml:5:9 services.app.volumes_from[0]: service "app" takes volumes from undefined service "datastore"',
    ]);
  });

  it("still reports a dependency the user wrote, even when a link names the same service", () => {
    expect(problems("services:", "  web:", "    image: x", "    depends_on:", "      cache: {condition: service_started}", "    links: [cache]")).toEqual([
      'compose.yaml:5:14 services.web.depends_on.cache: service "web" depends on undefined service "cache"',
      'compose.yaml:6:13 services.web.links[0]: service "web" links to undefined service "cache"',
    ]);
  });
});

describe("host ports published twice", () => {
  // Compose accepts these files (config, create): they are warnings here, and `up` refuses them
  // before creating anything (engine/plan/plan-up-names.ts).
  function warnings(...lines: string[]): string[] {
    const loaded = loadProject({ workingDir: "/app", env: {} }, memoryHost({ "/app/compose.yaml": lines.join("\n") + "\n" }));
    return loaded.warnings.map((w) => `${w.location ? `${w.location.line}:${w.location.column} ` : ""}${w.message}`);
  }

  it("within one service: a warning at the later entry as written, naming the earlier one, ranges included", () => {
    const lines = ["services:", "  web:", "    image: x", "    ports:", '      - "8000-8005:8000-8005"', "      - target: 9000", '        published: "8003"'];
    expect(problems(...lines)).toEqual([]);
    expect(warnings(...lines)).toEqual(['6:9 host port 8003/tcp is published twice by service "web" (also by ports[0]): it cannot start']);
  });

  it("between services: a warning naming both, at the later service's entry", () => {
    const lines = ["services:", "  web:", "    image: x", '    ports: ["8080:80"]', "  admin:", "    image: x", '    ports: ["9000:9000", "8080:81"]'];
    expect(problems(...lines)).toEqual([]);
    expect(warnings(...lines)).toEqual(['7:26 host port 8080/tcp is published by both service "web" and service "admin": they cannot run at the same time']);
  });

  it("between services, when a range was expanded: at the ports list rather than a wrong entry", () => {
    expect(warnings("services:", "  web:", "    image: x", '    ports: ["8003:80"]', "  admin:", "    image: x", "    ports:", '      - "8000-8005:8000-8005"')).toEqual([
      '8:7 host port 8003/tcp is published by both service "web" and service "admin": they cannot run at the same time',
    ]);
  });

  it("lets different protocols, addresses and engine-chosen ports be", () => {
    expect(warnings("services:", "  web:", "    image: x", '    ports: ["53:53/udp", "53:53/tcp", "127.0.0.1:80:80", "127.0.0.2:80:80", "8000-8010:80", "8000-8010:81"]')).toEqual([]);
  });
});
