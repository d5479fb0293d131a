import { describe, expect, it } from "vitest";
import { RuntimeError } from "../runtime/runtime-errors.js";
import { parseSshHost, shellQuote, sshAddress, sshArgs } from "./ssh-url.js";

describe("parseSshHost", () => {
  it("reads user, host, port and a remote socket path", () => {
    expect(parseSshHost("ssh://root@127.0.0.1:2222")).toEqual({ user: "root", host: "127.0.0.1", port: "2222" });
    expect(parseSshHost("ssh://build-box")).toEqual({ host: "build-box" });
    expect(parseSshHost("ssh://me@[fd00::5]:22/run/user/1000/docker.sock")).toEqual({ user: "me", host: "fd00::5", port: "22", socketPath: "/run/user/1000/docker.sock" });
    expect(parseSshHost("ssh://me@h/")).toEqual({ user: "me", host: "h" });
  });

  it("refuses what the docker CLI refuses, naming the address and the reason", () => {
    const why = (address: string) => {
      try {
        parseSshHost(address);
      } catch (error) {
        expect(error).toBeInstanceOf(RuntimeError);
        expect(error).toMatchObject({ reason: "unreachable" });
        return (error as RuntimeError).message;
      }
      return "accepted";
    };
    expect(why("ssh://me:secret@h")).toMatch(/^cannot use the engine address ssh:\/\/me:secret@h .*: a password in the address is not supported$/);
    expect(why("ssh://h?x=1")).toMatch(/query parameters are not allowed/);
    expect(why("ssh://h#frag")).toMatch(/fragments are not allowed/);
    expect(why("ssh://")).toMatch(/the host name is empty|not a valid address/);
  });
});

describe("sshArgs", () => {
  it("builds the docker CLI's ssh command: -l, -p, ConnectTimeout, -T, then -- host and dial-stdio", () => {
    expect(sshArgs({ user: "root", host: "127.0.0.1", port: "2222" })).toEqual(["-l", "root", "-p", "2222", "-o", "ConnectTimeout=30", "-T", "--", "127.0.0.1", "docker system dial-stdio"]);
    expect(sshArgs({ host: "box" })).toEqual(["-o", "ConnectTimeout=30", "-T", "--", "box", "docker system dial-stdio"]);
  });

  it("names a remote socket with --host, quoted for the remote shell", () => {
    expect(sshArgs({ host: "box", socketPath: "/run/user/1000/docker.sock" }).at(-1)).toBe("docker --host=unix:///run/user/1000/docker.sock system dial-stdio");
    expect(sshArgs({ host: "box", socketPath: "/tmp/my dir/it's.sock" }).at(-1)).toBe(`docker '--host=unix:///tmp/my dir/it'\\''s.sock' system dial-stdio`);
  });

  it("keeps a host that looks like an option after --", () => {
    const args = sshArgs({ host: "-oProxyCommand=x" });
    expect(args.indexOf("--")).toBe(args.indexOf("-oProxyCommand=x") - 1);
  });
});

describe("sshAddress and shellQuote", () => {
  it("writes the address back for messages", () => {
    expect(sshAddress({ user: "root", host: "127.0.0.1", port: "2222" })).toBe("ssh://root@127.0.0.1:2222");
    expect(sshAddress({ host: "fd00::5", socketPath: "/d.sock" })).toBe("ssh://[fd00::5]/d.sock");
  });

  it("quotes only what needs it", () => {
    expect(shellQuote("dial-stdio")).toBe("dial-stdio");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("$(x)")).toBe("'$(x)'");
  });
});
