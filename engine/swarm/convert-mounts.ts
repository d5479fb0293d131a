import type { ServiceVolume } from "../../spec/project.js";
import { parseByteSize } from "../../spec/normalize/units.js";
import type { Mount } from "./api-types.js";
import { defined, type ConvertContext } from "./convert-context.js";
import { withNamespace } from "./stack-labels.js";

/**
 * A service's `volumes` and `tmpfs` as task mounts, in file order (`volumes` first). A named volume
 * is the stack's (`<stack>_<key>`, created by each node on first use with the namespace label, the
 * volume's labels, driver and options), or an external one by its own name; an anonymous volume has
 * no source. Binds keep their absolute host path (it must exist on whichever node runs the task,
 * unless `create_host_path`). `image`, `npipe` and `cluster` mounts are errors, SELinux relabelling
 * a warning.
 */
export function serviceMounts(ctx: ConvertContext, name: string, volumes: readonly ServiceVolume[] | undefined, tmpfs: readonly string[] | undefined): Mount[] {
  const out: Mount[] = [];
  (volumes ?? []).forEach((v, i) => {
    const mount = volumeMount(ctx, name, v, `volumes[${i}]`);
    if (mount) out.push(mount);
  });
  for (const entry of tmpfs ?? []) {
    const mount = tmpfsMount(ctx, name, entry);
    if (mount) out.push(mount);
  }
  return out;
}

function volumeMount(ctx: ConvertContext, name: string, v: ServiceVolume, attribute: string): Mount | undefined {
  const readOnly = v.read_only ? { ReadOnly: true } : {};
  const consistency = v.consistency ? { Consistency: v.consistency } : {};
  switch (v.type) {
    case "bind":
      if (v.bind?.selinux) ctx.problems.warn(name, `${attribute}.bind.selinux`, "Swarm mounts cannot relabel for SELinux (:z/:Z); the option is ignored");
      return { Type: "bind", Source: v.source ?? "", Target: v.target, ...readOnly, ...consistency, ...bindOptions(v) };
    case "volume":
      return { Type: "volume", ...(v.source ? { Source: volumeSource(ctx, v.source) } : {}), Target: v.target, ...readOnly, ...consistency, ...volumeOptions(ctx, v) };
    case "tmpfs":
      return { Type: "tmpfs", Target: v.target, ...readOnly, ...(v.tmpfs ? { TmpfsOptions: defined({ SizeBytes: v.tmpfs.size, Mode: v.tmpfs.mode }) } : {}) };
    default:
      ctx.problems.error(name, attribute, `Swarm services cannot mount type ${v.type} (${v.target}); use a bind, volume or tmpfs mount`);
      return undefined;
  }
}

function bindOptions(v: ServiceVolume): Pick<Mount, "BindOptions"> {
  const recursive = v.bind?.recursive;
  const options = defined({
    Propagation: v.bind?.propagation,
    CreateMountpoint: v.bind?.create_host_path === true ? true : undefined,
    NonRecursive: recursive === "disabled" ? true : undefined,
    ReadOnlyNonRecursive: recursive === "writable" ? true : undefined,
    ReadOnlyForceRecursive: recursive === "readonly" ? true : undefined,
  });
  return options ? { BindOptions: options } : {};
}

function volumeSource(ctx: ConvertContext, key: string): string {
  return ctx.names.volumes.get(key) ?? key;
}

function volumeOptions(ctx: ConvertContext, v: ServiceVolume): Pick<Mount, "VolumeOptions"> {
  const config = v.source ? ctx.project.volumes[v.source] : undefined;
  const created = config !== undefined && config.external !== true;
  const driver = created && (config.driver || config.driver_opts) ? { Name: config.driver ?? "local", ...(config.driver_opts ? { Options: { ...config.driver_opts } } : {}) } : undefined;
  const options = defined({
    NoCopy: v.volume?.nocopy === true ? true : undefined,
    Labels: created ? withNamespace(ctx.stack, { ...config.labels, ...v.volume?.labels }) : undefined,
    DriverConfig: driver,
    Subpath: v.volume?.subpath,
  });
  return options ? { VolumeOptions: options } : {};
}

/** One `tmpfs:` entry (`/path[:size=…,mode=…]`); other options are warned about. */
function tmpfsMount(ctx: ConvertContext, name: string, entry: string): Mount | undefined {
  const colon = entry.indexOf(":");
  const target = colon < 0 ? entry : entry.slice(0, colon);
  const options: { SizeBytes?: number; Mode?: number } = {};
  for (const option of colon < 0 ? [] : entry.slice(colon + 1).split(",")) {
    const [key = "", value = ""] = option.split("=", 2);
    if (key === "size") options.SizeBytes = ctx.problems.attempt(name, "tmpfs", () => parseByteSize(value));
    else if (key === "mode" && /^[0-7]+$/.test(value)) options.Mode = Number.parseInt(value, 8);
    else if (key !== "") ctx.problems.warn(name, "tmpfs", `Swarm tmpfs mounts take only size and mode; "${option}" is ignored`);
  }
  const tmpfsOptions = defined(options);
  return { Type: "tmpfs", Target: target, ...(tmpfsOptions ? { TmpfsOptions: tmpfsOptions } : {}) };
}
