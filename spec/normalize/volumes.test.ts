import { describe, expect, it } from "vitest";
import { ProjectError } from "../errors.js";
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

  it("keeps an absolute bind source as written (trailing slash too), cleans the target, as Compose 2.40", () => {
    expect(parseVolumeSpec("/var/run/docker.sock:/var/run/docker.sock", base).source).toBe("/var/run/docker.sock");
    expect(parseVolumeSpec("/srv//data/:/data/", base)).toMatchObject({ source: "/srv//data/", target: "/data" });
    expect(parseVolumeSpec("/tmp/:/t", base).source).toBe("/tmp/");
    expect(parseVolumeSpec("/tmp/./z/../w/:/t", base).source).toBe("/tmp/./z/../w/");
  });

  it("cleans a relative or ~ bind source (its trailing slash goes), as Compose 2.40", () => {
    expect(parseVolumeSpec("./x/:/b", base).source).toBe("/work/app/x");
    expect(parseVolumeSpec("./x//:/b", base).source).toBe("/work/app/x");
    expect(parseVolumeSpec("./:/b", base).source).toBe("/work/app");
    expect(parseVolumeSpec("../up/:/b", base).source).toBe("/work/up");
    expect(parseVolumeSpec("~/x/:/b", base).source).toBe("/home/me/x");
    expect(parseVolumeSpec("~/:/b", base).source).toBe("/home/me");
    expect(parseVolumeSpec("~:/b", base).source).toBe("/home/me");
    // Go's filepath.Join(home, p[1:]): `~user` is not a user's home, it is <home>/user
    expect(parseVolumeSpec("~foo/:/b", base).source).toBe("/home/me/foo");
  });

  it("splits on colons as compose-go does: a one-letter section before a colon is a Windows drive", () => {
    expect(parseVolumeSpec("v:/v", base)).toEqual({ type: "volume", target: "v:/v", volume: {} });
    expect(parseVolumeSpec("é:/x", base)).toEqual({ type: "volume", target: "é:/x", volume: {} });
    expect(parseVolumeSpec("/src:c:/dst:ro", base)).toEqual({
      type: "bind",
      source: "/src",
      target: "c:/dst",
      read_only: true,
      bind: { create_host_path: true },
    });
    // `x:y` is a drive-looking bind source, but not an absolute Windows path: joined to the project directory
    expect(parseVolumeSpec("x:y:/z", base)).toMatchObject({ type: "bind", source: "/work/app/x:y", target: "/z" });
    expect(parseVolumeSpec("c::/x", base)).toMatchObject({ type: "bind", source: "/work/app/c:", target: "/x" });
    expect(parseVolumeSpec("1:/x", base)).toEqual({ type: "volume", source: "1", target: "/x", volume: {} });
  });

  it("accepts what Compose accepts: relative targets (cleaned), specs of 1-2 bytes, unknown modes ignored", () => {
    expect(parseVolumeSpec("data:rel/./x/", base)).toEqual({ type: "volume", source: "data", target: "rel/x", volume: {} });
    expect(parseVolumeSpec("rel", base)).toEqual({ type: "volume", target: "rel", volume: {} });
    expect(parseVolumeSpec("ab", base)).toEqual({ type: "volume", target: "ab" });
    expect(parseVolumeSpec("a/", base)).toEqual({ type: "volume", target: "a" });
    expect(parseVolumeSpec("//", base)).toEqual({ type: "volume", target: "/" });
    expect(parseVolumeSpec("/src:/dst:ro,bogus", base)).toEqual({
      type: "bind",
      source: "/src",
      target: "/dst",
      read_only: true,
      bind: { create_host_path: true },
    });
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
    ["ab:/b:ro:extra", /too many colons/],
    ["data:/x:ro:", /too many colons/],
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

  it("rejects a missing target and a bind without source", () => {
    expect(() => normalizeVolume({ type: "volume", source: "x" }, base)).toThrow(/has no target/);
    expect(() => normalizeVolume({ type: "bind", target: "/d" }, base)).toThrow(/needs a source/);
  });

  it("keeps an absolute bind source as written, cleans the target (an empty or relative one too), as Compose 2.40", () => {
    expect(normalizeVolume({ type: "bind", source: "/tmp/", target: "/m/" }, base)).toEqual({ type: "bind", source: "/tmp/", target: "/m" });
    expect(normalizeVolume({ type: "bind", source: "/tmp//p/./", target: "/p" }, base).source).toBe("/tmp//p/./");
    expect(normalizeVolume({ type: "bind", source: "./x/", target: "/n" }, base).source).toBe("/work/app/x");
    expect(normalizeVolume({ type: "bind", source: "~/x/", target: "/o" }, base).source).toBe("/home/me/x");
    expect(normalizeVolume({ type: "bind", source: "", target: "/y" }, base).source).toBe("/work/app");
    expect(normalizeVolume({ type: "bind", source: "c:", target: "/x" }, base).source).toBe("/work/app/c:");
    expect(normalizeVolume({ type: "volume", source: "data", target: "" }, base).target).toBe(".");
    expect(normalizeVolume({ type: "npipe", source: "x", target: "rel/./" }, base).target).toBe("rel");
  });
});
