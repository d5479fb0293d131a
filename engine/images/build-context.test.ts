import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { unpackTar, type TarEntry } from "../oneoff/archive.js";
import { createBuildContext, parseIgnore, type BuildContextOptions } from "./build-context.js";

const dirs: string[] = [];

/** A temporary directory holding `files` (a value ending in `/` is a directory). */
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "tsc-ctx-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const abs = path.join(dir, name);
    if (name.endsWith("/")) {
      await mkdir(abs, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
  return dir;
}

async function entries(options: BuildContextOptions): Promise<{ dockerfile: string; list: TarEntry[] }> {
  const ctx = await createBuildContext(options);
  return { dockerfile: ctx.dockerfile, list: await unpackTar(ctx.tar) };
}

const names = (list: readonly TarEntry[]) => list.map((e) => e.name.replace(/\/$/, "")).sort();

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("createBuildContext", () => {
  it("sends every file of the context with its content, directories included", async () => {
    const dir = await tree({ Dockerfile: "FROM scratch\n", "src/app.js": "console.log(1)\n", "empty/": "" });
    const { dockerfile, list } = await entries({ contextDir: dir });
    expect(dockerfile).toBe("Dockerfile");
    expect(names(list)).toEqual(["Dockerfile", "empty", "src", "src/app.js"]);
    const app = list.find((e) => e.name === "src/app.js");
    expect(Buffer.from(app?.content ?? []).toString()).toBe("console.log(1)\n");
    expect(list.every((e) => (e.uid ?? 0) === 0 && (e.gid ?? 0) === 0)).toBe(true);
  });

  it("honours .dockerignore, with exceptions inside an excluded directory", async () => {
    const dir = await tree({
      Dockerfile: "FROM scratch\n",
      ".dockerignore": "# comment\nnode_modules\n*.log\nsecrets/\n!secrets/public.txt\n/build\n",
      "node_modules/a/index.js": "x",
      "app.log": "log",
      "src/deep.log": "kept: * does not cross directories",
      "secrets/key.pem": "k",
      "secrets/public.txt": "p",
      "build/out.bin": "b",
      "main.js": "m",
    });
    const { list } = await entries({ contextDir: dir });
    expect(names(list)).toEqual([".dockerignore", "Dockerfile", "main.js", "secrets/public.txt", "src", "src/deep.log"]);
  });

  it("prefers <Dockerfile>.dockerignore over .dockerignore", async () => {
    const dir = await tree({
      "docker/app.Dockerfile": "FROM scratch\n",
      "docker/app.Dockerfile.dockerignore": "only-here\n",
      ".dockerignore": "main.js\n",
      "only-here": "x",
      "main.js": "m",
    });
    const ctx = await createBuildContext({ contextDir: dir, dockerfile: "docker/app.Dockerfile" });
    const list = await unpackTar(ctx.tar);
    expect(ctx.dockerfile).toBe("docker/app.Dockerfile");
    expect(ctx.ignoreFile).toBe(path.join(dir, "docker/app.Dockerfile.dockerignore"));
    expect(names(list)).toContain("main.js");
    expect(names(list)).not.toContain("only-here");
  });

  it("always sends the Dockerfile, even when it is ignored or inside an ignored directory", async () => {
    const dir = await tree({ "docker/Dockerfile": "FROM scratch\n", "docker/other": "o", ".dockerignore": "docker\n.dockerignore\n" });
    const { list } = await entries({ contextDir: dir, dockerfile: "docker/Dockerfile" });
    expect(names(list)).toEqual([".dockerignore", "docker/Dockerfile"]);
  });

  it("stores symlinks as links and never follows them out of the context", async () => {
    const outside = await tree({ "secret.txt": "outside", "dir/inner.txt": "i" });
    const dir = await tree({ Dockerfile: "FROM scratch\n", "real.txt": "r" });
    await symlink(path.join(outside, "secret.txt"), path.join(dir, "to-secret"));
    await symlink(path.join(outside, "dir"), path.join(dir, "to-dir"));
    await symlink("real.txt", path.join(dir, "alias"));
    const { list } = await entries({ contextDir: dir });
    expect(names(list)).toEqual(["Dockerfile", "alias", "real.txt", "to-dir", "to-secret"]);
    const link = list.find((e) => e.name === "to-secret");
    expect(link?.type).toBe("symlink");
    expect(link?.linkTarget).toBe(path.join(outside, "secret.txt"));
    expect(list.find((e) => e.name === "alias")?.linkTarget).toBe("real.txt");
    expect(list.some((e) => e.name.startsWith("to-dir/"))).toBe(false);
  });

  it("sends dockerfile_inline as a generated entry hidden from COPY by a generated .dockerignore", async () => {
    const dir = await tree({ ".dockerignore": "tmp\n", "main.js": "m", "tmp/x": "x" });
    const { dockerfile, list } = await entries({ contextDir: dir, dockerfileInline: "FROM scratch\nCOPY main.js /\n" });
    expect(dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{16}$/);
    expect(names(list)).toEqual([".dockerignore", dockerfile, "main.js"].sort());
    const inline = list.find((e) => e.name === dockerfile);
    expect(Buffer.from(inline?.content ?? []).toString()).toBe("FROM scratch\nCOPY main.js /\n");
    const ignoreText = Buffer.from(list.find((e) => e.name === ".dockerignore")?.content ?? []).toString();
    expect(ignoreText.split("\n")).toEqual(["tmp", ".dockerignore", dockerfile, ""]);
  });

  it("sends a Dockerfile from outside the context as a generated entry", async () => {
    const outside = await tree({ "Dockerfile.dev": "FROM scratch\n" });
    const dir = await tree({ "main.js": "m" });
    const { dockerfile, list } = await entries({ contextDir: dir, dockerfile: path.join(outside, "Dockerfile.dev") });
    expect(dockerfile).toMatch(/^\.dockerfile\./);
    expect(names(list)).toContain(dockerfile);
  });

  it("refuses a git URL context, a missing context and a missing Dockerfile", async () => {
    await expect(createBuildContext({ contextDir: "https://github.com/docker/compose.git" })).rejects.toMatchObject({ code: "E_BUILD_REMOTE_CONTEXT" });
    await expect(createBuildContext({ contextDir: "/nonexistent/ctx" })).rejects.toMatchObject({ code: "E_BUILD_CONTEXT" });
    const dir = await tree({ "main.js": "m" });
    await expect(createBuildContext({ contextDir: dir })).rejects.toMatchObject({ code: "E_BUILD_DOCKERFILE" });
  });
});

describe("parseIgnore", () => {
  it("drops comments and blanks, trims, and strips a leading slash", () => {
    expect(parseIgnore("# c\n\n  /a/b  \n! /c\n!d\r\n")).toEqual(["a/b", "!c", "!d"]);
  });
});
