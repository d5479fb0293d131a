import { describe, expect, it } from "vitest";
import { LABELS } from "../runtime/labels.js";
import type { ObservedContainer } from "../plan/observe.js";
import { assertKnownServices, parseDependsOnLabel, projectView, targetServices } from "./project-view.js";
import { verbsRig } from "../../test/kits/verbs-kit.js";

function container(service: string, dependsOn: string, n = 1, oneoff = false): ObservedContainer {
  return {
    id: `${service}${n}`,
    name: `p-${service}-${n}`,
    service,
    number: n,
    oneoff,
    imageId: "sha256:x",
    status: "running",
    labels: { [LABELS.project]: "p", [LABELS.service]: service, [LABELS.dependsOn]: dependsOn },
    networks: [],
    mounts: [],
    created: 0,
  };
}

describe("project view", () => {
  it("reads Compose's depends_on label", () => {
    expect(parseDependsOnLabel("db:service_healthy:false,cache:service_started:true")).toEqual({
      db: { condition: "service_healthy", required: true, restart: false },
      cache: { condition: "service_started", required: true, restart: true },
    });
    expect(parseDependsOnLabel("")).toEqual({});
  });

  it("is rebuilt from labels when there is no compose file, dropping edges to unknown services", () => {
    const view = projectView({ name: "p" }, [container("web", "api:service_started:false,gone:service_started:false"), container("api", ""), container("web", "", 1, true)]);
    expect(view.fromFile).toBe(false);
    expect(Object.keys(view.services).sort()).toEqual(["api", "web"]);
    expect(view.services["web"]?.depends_on).toEqual({ api: { condition: "service_started", required: true, restart: false } });
    expect(targetServices(view, undefined).sort()).toEqual(["api", "web"]);
  });

  it("with a compose file targets declared services only, but knows orphans by name", () => {
    const rig = verbsRig("name: p\nservices:\n  web: {image: x}\n");
    const view = projectView(rig.ref, [container("old", "")]);
    expect(targetServices(view, undefined)).toEqual(["web"]);
    expect(targetServices(view, ["old"])).toEqual(["old"]);
    expect(() => targetServices(view, ["nope"])).toThrow(expect.objectContaining({ code: "E_NO_SUCH_SERVICE", hint: "The project's services are: old, web." }));
  });

  it("checks named services against the file and the labels seen", () => {
    const rig = verbsRig("name: p\nservices:\n  web: {image: x}\n");
    expect(() => assertKnownServices(rig.ref, ["old"], ["web", "old"])).not.toThrow();
    expect(() => assertKnownServices(rig.ref, [], ["nope"])).toThrow(expect.objectContaining({ code: "E_NO_SUCH_SERVICE" }));
    expect(() => assertKnownServices({ name: "p" }, [], ["nope"])).not.toThrow();
  });
});
