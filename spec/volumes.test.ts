import { describe, expect, it } from "vitest";
import { ProjectError } from "./errors.js";
import { normalizeVolume, parseVolumeSpec } from "./volumes.js";

const base = { projectDir: "/work/app", homeDir: "/home/me" };

describe("parseVolumeSpec (short syntax)", () => {
  it("makes a relative bind source absolute and creates the host path", () => {
    expect(parseVolumeSpec("./src:/app", base)).toEqual({
      type: "bind",
      source: "/work/app/src",
      target: "/app",
      bind: { create_host_path: true },
    });
  });

  it("resolves .. and expands ~", () => {
    expect(parseVolumeSpec("../shared:/shared", base).source).toBe("/work/shared");
    expect(parseVolumeSpec("~/.ssh:/root/.ssh:ro", base)).toEqual({
      type: "bind",
      source: "/home/me/.ssh",
      target: "/root/.ssh",
      read_only: true,
      bind: { create_host_path: true },
    });
    expect(parseVolumeSpec(".:/code", base).source).toBe("/work/app");
  });

  it("keeps an absolute bind source, cleaned", () => {
    expect(parseVolumeSpec("/var/run/docker.sock:/var/run/docker.sock", base).source).toBe("/var/run/docker.sock");
    expect(parseVolumeSpec("/srv//data/:/data/", base)).toMatchObject({ source: "/srv/data", target: "/data" });
  });

  it("reads a named volume", () => {
    expect(parseVolumeSpec("db-data:/var/lib/postgresql/data", base)).toEqual({
      type: "volume",
      source: "db-data",
      target: "/var/lib/postgresql/data",
      volume: {},
    });
  });

  it("reads an anonymous volume", () => {
    expect(parseVolumeSpec("/var/cache", base)).toEqual({ type: "volume", target: "/var/cache", volume: {} });
  });

  it("reads combined modes", () => {
    expect(parseVolumeSpec("./a:/a:ro,z,rshared", base)).toEqual({
      type: "bind",
      source: "/work/app/a",
      target: "/a",
      read_only: true,
      bind: { selinux: "z", propagation: "rshared", create_host_path: true },
    });
    expect(parseVolumeSpec("data:/d:nocopy", base)).toEqual({ type: "volume", source: "data", target: "/d", volume: { nocopy: true } });
    expect(parseVolumeSpec("data:/d:rw", base)).toEqual({ type: "volume", source: "data", target: "/d", volume: {} });
    expect(parseVolumeSpec("./a:/a:Z", base).bind).toEqual({ selinux: "Z", create_host_path: true });
  });

  it("keeps a Windows bind source as written, as Compose passes it through to the engine", () => {
    const bind = { create_host_path: true };
    expect(parseVolumeSpec("C:\\docker\\project:/app", base)).toEqual({ type: "bind", source: "C:\\docker\\project", target: "/app", bind });
    expect(parseVolumeSpec("c:/data:/data:ro", base)).toEqual({ type: "bind", source: "c:/data", target: "/data", read_only: true, bind });
    expect(parseVolumeSpec("\\\\server\\share:/unc", base)).toEqual({ type: "bind", source: "\\\\server\\share", target: "/unc", bind });
    expect(normalizeVolume({ type: "bind", source: "D:\\data", target: "/long" }, base)).toEqual({ type: "bind", source: "D:\\data", target: "/long" });
  });

  it("accepts Docker Desktop's consistency modes and ignores them, as Compose does", () => {
    const plain = parseVolumeSpec(".:/app", base);
    for (const mode of ["cached", "delegated", "consistent"]) expect(parseVolumeSpec(`.:/app:${mode}`, base)).toEqual(plain);
    expect(parseVolumeSpec("./a:/a:ro,cached", base)).toEqual({ ...parseVolumeSpec("./a:/a", base), read_only: true });
  });

  it.each([
    ["data:relative", /"relative" is not absolute/],
    ["./a:/a:rx", /unknown mode "rx"/],
    ["ab:/b:ro:extra", /too many colons/],
    ["ab::/b", /empty part/],
    ["", /it is empty/],
  ])("rejects %j", (spec, why) => {
    let error: unknown;
    try {
      parseVolumeSpec(spec, base);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProjectError);
    expect((error as ProjectError).code).toBe("E_VOLUME");
    expect((error as ProjectError).message).toContain(`"${spec}"`);
    expect((error as ProjectError).message).toMatch(why);
    expect((error as ProjectError).hint).toBeTruthy();
  });
});

describe("normalizeVolume (long syntax)", () => {
  it("resolves a relative bind source and keeps the rest", () => {
    expect(normalizeVolume({ type: "bind", source: "./data", target: "/data", read_only: true }, base)).toEqual({
      type: "bind",
      source: "/work/app/data",
      target: "/data",
      read_only: true,
    });
  });

  it("leaves create_host_path unset (false) in a long-syntax bind section, as Compose 2.40, and keeps an explicit value", () => {
    expect(normalizeVolume({ type: "bind", source: "data", target: "/d", bind: { propagation: "slave" } }, base)).toEqual({
      type: "bind",
      source: "/work/app/data",
      target: "/d",
      bind: { propagation: "slave" },
    });
    expect(normalizeVolume({ type: "bind", source: "/d", target: "/d", bind: { create_host_path: false } }, base).bind).toEqual({
      create_host_path: false,
    });
  });

  it("passes volumes and tmpfs through, with tmpfs size in bytes", () => {
    expect(normalizeVolume({ type: "volume", source: "data", target: "/d", volume: { subpath: "x" } }, base)).toEqual({
      type: "volume",
      source: "data",
      target: "/d",
      volume: { subpath: "x" },
    });
    expect(normalizeVolume({ type: "tmpfs", target: "/tmp", tmpfs: { size: "64m", mode: 1777 } }, base)).toEqual({
      type: "tmpfs",
      target: "/tmp",
      tmpfs: { size: 64 * 1024 * 1024, mode: 1777 },
    });
  });

  it("rejects a missing or relative target and a bind without source", () => {
    expect(() => normalizeVolume({ type: "volume", source: "x" }, base)).toThrow(/has no target/);
    expect(() => normalizeVolume({ type: "volume", target: "data" }, base)).toThrow(/not absolute/);
    expect(() => normalizeVolume({ type: "bind", target: "/d" }, base)).toThrow(/needs a source/);
  });
});
