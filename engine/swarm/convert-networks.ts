import type { NetworkAttachment, NetworkConfig, ServiceConfig } from "../../spec/project.js";
import type { NetworkAttachmentConfig, NetworkCreate } from "./api-types.js";
import { defined, nonEmpty, type ConvertContext } from "./convert-context.js";
import { withNamespace } from "./stack-labels.js";
import type { StackProblems } from "./stack-problems.js";
import type { StackNetwork } from "./stack-types.js";

const PREDEFINED = new Set(["host", "bridge", "none"]);

/** Attachment options Swarm has no form for (it assigns addresses and interfaces itself). */
const ATTACHMENT_IGNORED = ["ipv4_address", "ipv6_address", "link_local_ips", "mac_address", "interface_name", "priority", "gw_priority"] as const;

/**
 * The networks `keys` (those the services use) as stack networks, sorted by name. A network the
 * stack creates is an overlay network unless the file names another multi-host driver, attachable
 * (so a one-off container can join it), labelled with the namespace, with the file's internal,
 * IPv6, driver options and IPAM. A `bridge` driver (a single-host network, common in files written
 * for one engine) becomes overlay with a warning.
 */
export function stackNetworks(ctx: ConvertContext, keys: Iterable<string>): StackNetwork[] {
  const out: StackNetwork[] = [];
  for (const key of new Set(keys)) {
    const config = ctx.project.networks[key] ?? { name: `${ctx.project.name}_${key}` };
    const name = ctx.names.networks.get(key) ?? key;
    if (config.external === true) out.push({ key, name, external: true });
    else out.push({ key, name, external: false, spec: networkCreate(name, key, config, ctx.stack, ctx.problems) });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function networkCreate(name: string, key: string, config: NetworkConfig, stack: string, problems: StackProblems): NetworkCreate {
  let driver = config.driver ?? "overlay";
  if (driver === "bridge") {
    problems.warn(undefined, `networks.${key}.driver`, "a bridge network spans one host only; the stack's network is an overlay network instead");
    driver = "overlay";
  }
  if (config.attachable === false) problems.warn(undefined, `networks.${key}.attachable`, "stack networks are attachable, so `run` can join one-off containers to them; attachable: false is ignored");
  const ipam = config.ipam
    ? defined({
        Driver: config.ipam.driver,
        Config: nonEmpty(
          (config.ipam.config ?? []).map((pool) =>
            defined({ Subnet: pool.subnet, IPRange: pool.ip_range, Gateway: pool.gateway, AuxiliaryAddresses: pool.aux_addresses ? { ...pool.aux_addresses } : undefined }),
          ),
        ),
      })
    : undefined;
  return {
    Name: name,
    Driver: driver,
    Attachable: true,
    ...(config.internal ? { Internal: true } : {}),
    ...(config.enable_ipv6 ? { EnableIPv6: true } : {}),
    ...(config.driver_opts && Object.keys(config.driver_opts).length > 0 ? { Options: { ...config.driver_opts } } : {}),
    ...(ipam ? { IPAM: ipam } : {}),
    Labels: withNamespace(stack, config.labels),
  };
}

/**
 * A service's network attachments, sorted by network name, each with the service's name as an
 * alias besides the file's (as docker stack adds it). Fixed addresses and the like are warned
 * about and ignored.
 */
export function serviceNetworks(ctx: ConvertContext, name: string, service: ServiceConfig): NetworkAttachmentConfig[] {
  const out: NetworkAttachmentConfig[] = [];
  for (const [key, attachment] of Object.entries(service.networks ?? {})) {
    const target = ctx.names.networks.get(key) ?? key;
    warnIgnored(ctx.problems, name, key, attachment);
    // The engine's predefined networks take no aliases (docker stack adds the name only to user-defined ones).
    const aliases = PREDEFINED.has(target) ? [] : [...new Set([...(attachment?.aliases ?? []), name])];
    const driverOpts = attachment?.driver_opts && Object.keys(attachment.driver_opts).length > 0 ? { DriverOpts: { ...attachment.driver_opts } } : {};
    out.push({ Target: target, ...(aliases.length > 0 ? { Aliases: aliases } : {}), ...driverOpts });
  }
  return out.sort((a, b) => (a.Target < b.Target ? -1 : a.Target > b.Target ? 1 : 0));
}

function warnIgnored(problems: StackProblems, name: string, key: string, attachment: NetworkAttachment | null): void {
  if (!attachment) return;
  for (const option of ATTACHMENT_IGNORED) {
    if (attachment[option] !== undefined) problems.warn(name, `networks.${key}.${option}`, `Swarm assigns a task's addresses and interfaces itself; ${option} is ignored`);
  }
}
