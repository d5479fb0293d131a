import type { ServiceConfig } from "../../spec/project.js";
import type { ServiceSpec, TaskSpec } from "./api-types.js";
import { defined, nonEmpty, type ConvertContext } from "./convert-context.js";
import { containerSpec } from "./convert-container.js";
import { placement, restartPolicy, serviceMode, taskResources, updateConfig } from "./convert-deploy.js";
import { serviceNetworks } from "./convert-networks.js";
import { endpointSpec } from "./convert-ports.js";
import { checkUnsupported } from "./convert-unsupported.js";
import { withSpecHash } from "./spec-hash.js";
import { STACK_LABELS, scopedName, withNamespace } from "./stack-labels.js";

// swarmkit's limit on service names (a DNS label).
const MAX_SERVICE_NAME = 63;

/**
 * One compose service as a Swarm service spec named `<stack>_<service>`: `deploy.labels` plus the
 * namespace and image labels on the service (as docker stack writes them), the task template, the
 * mode, the rollout configs and the endpoint, and finally the spec-hash label. Problems go to
 * `ctx.problems`; the spec is returned even when there are some, so all of them are reported.
 */
export function serviceSpec(ctx: ConvertContext, name: string, service: ServiceConfig): ServiceSpec {
  const p = ctx.problems;
  checkUnsupported(name, service, p);
  const fullName = scopedName(ctx.stack, name);
  if (fullName.length > MAX_SERVICE_NAME) {
    p.error(name, "name", `the Swarm service name ${fullName} is longer than ${MAX_SERVICE_NAME} characters; use a shorter stack or service name`);
  }
  const taskTemplate: TaskSpec = {
    ContainerSpec: containerSpec(ctx, name, service),
    ...optional("Resources", taskResources(name, service, p)),
    ...optional("RestartPolicy", restartPolicy(name, service, p)),
    ...optional("Placement", placement(name, service, p)),
    ...optional("Networks", nonEmpty(serviceNetworks(ctx, name, service))),
    ...optional("LogDriver", logDriver(service)),
  };
  const spec: ServiceSpec = {
    Name: fullName,
    Labels: { ...withNamespace(ctx.stack, service.deploy?.labels), [STACK_LABELS.image]: service.image ?? "" },
    TaskTemplate: taskTemplate,
    Mode: serviceMode(name, service, p),
    ...optional("UpdateConfig", updateConfig(name, "deploy.update_config", service.deploy?.update_config, p)),
    ...optional("RollbackConfig", updateConfig(name, "deploy.rollback_config", service.deploy?.rollback_config, p)),
    EndpointSpec: endpointSpec(name, service, p),
  };
  return withSpecHash(spec);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function logDriver(service: ServiceConfig): TaskSpec["LogDriver"] {
  const logging = service.logging;
  if (!logging?.driver && !logging?.options) return undefined;
  return defined({ Name: logging.driver ?? "", Options: logging.options && Object.keys(logging.options).length > 0 ? { ...logging.options } : undefined });
}
