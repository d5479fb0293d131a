import { describe, expect, it } from "vitest";
import { displayPorts, displayWidth, ellipsis, engineCommand, goTimeString, humanDuration, humanSize, truncateId, type PortPublisher } from "./human-format.js";
import { parseGoDuration, parseTimeSpec } from "./time-spec.js";

const p = (URL: string, TargetPort: number, PublishedPort: number, Protocol = "tcp"): PortPublisher => ({ URL, TargetPort, PublishedPort, Protocol });

describe("displayPorts (docker ps PORTS column)", () => {
  it("shows a mapping, IPv6 bracketed, and an exposed-only port", () => {
    expect(displayPorts([p("::", 80, 8080), p("0.0.0.0", 80, 8080), p("", 443, 0)])).toBe("443/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp");
  });

  it("groups consecutive same-number ports into ranges (a closed range first, as Docker's grouping does)", () => {
    expect(displayPorts([p("0.0.0.0", 8001, 8001), p("0.0.0.0", 8000, 8000), p("0.0.0.0", 9000, 9000), p("", 53, 0, "udp")])).toBe(
      "0.0.0.0:8000-8001->8000-8001/tcp, 53/udp, 0.0.0.0:9000->9000/tcp",
    );
  });

  it("is empty without ports", () => {
    expect(displayPorts([])).toBe("");
  });
});

describe("human units", () => {
  it("says durations as Docker does", () => {
    expect(humanDuration(500)).toBe("Less than a second");
    expect(humanDuration(1000)).toBe("1 second");
    expect(humanDuration(42_000)).toBe("42 seconds");
    expect(humanDuration(90_000)).toBe("About a minute");
    expect(humanDuration(5 * 60_000)).toBe("5 minutes");
    expect(humanDuration(65 * 60_000)).toBe("About an hour");
    expect(humanDuration(5 * 3_600_000)).toBe("5 hours");
    expect(humanDuration(3 * 86_400_000)).toBe("3 days");
    expect(humanDuration(21 * 86_400_000)).toBe("3 weeks");
    expect(humanDuration(90 * 86_400_000)).toBe("3 months");
    expect(humanDuration(800 * 86_400_000)).toBe("2 years");
  });

  it("says sizes in decimal units with three digits", () => {
    expect(humanSize(0)).toBe("0B");
    expect(humanSize(512)).toBe("512B");
    expect(humanSize(1_990_000)).toBe("1.99MB");
    expect(humanSize(7_800_000)).toBe("7.8MB");
    expect(humanSize(1_234_567_890)).toBe("1.23GB");
  });

  it("prints a unix time as Go's time.String in UTC", () => {
    expect(goTimeString(1_700_000_000)).toBe("2023-11-14 22:13:20 +0000 UTC");
  });
});

describe("--since/--until values", () => {
  const now = Date.UTC(2024, 0, 1, 12, 0, 0);

  it("reads Go durations", () => {
    expect(parseGoDuration("1h30m")).toBe(5_400_000);
    expect(parseGoDuration("1.5s")).toBe(1500);
    expect(parseGoDuration("10")).toBeUndefined();
    expect(parseTimeSpec("42m", "--since", now)).toBe((now - 42 * 60_000) / 1000);
  });

  it("reads unix seconds and RFC 3339 timestamps", () => {
    expect(parseTimeSpec("1700000000", "--since", now)).toBe(1_700_000_000);
    expect(parseTimeSpec("1700000000.5", "--since", now)).toBe(1_700_000_000.5);
    expect(parseTimeSpec("2013-01-02T13:23:37Z", "--since", now)).toBe(Date.UTC(2013, 0, 2, 13, 23, 37) / 1000);
    expect(parseTimeSpec("2013-01-02T13:23:37+01:00", "--since", now)).toBe(Date.UTC(2013, 0, 2, 12, 23, 37) / 1000);
    expect(parseTimeSpec("2013-01-02", "--since", now)).toBe(new Date(2013, 0, 2).getTime() / 1000);
  });

  it("rejects anything else as bad usage naming the flag", () => {
    expect(() => parseTimeSpec("yesterday", "--until", now)).toThrow(expect.objectContaining({ code: "E_USAGE", message: '--until: "yesterday" is not a time' }));
  });
});

describe("the docker CLI's shortened forms", () => {
  it("writes a command as the engine's container list does: arguments with a space single-quoted, unescaped", () => {
    expect(engineCommand(["sh", "-c", "echo db: starting; trap 'exit 0' TERM"])).toBe("sh -c 'echo db: starting; trap 'exit 0' TERM'");
    expect(engineCommand(["sleep", "600"])).toBe("sleep 600");
    expect(engineCommand(["nginx"])).toBe("nginx");
    expect(engineCommand([])).toBe("");
    // Only a space quotes: a tab does not (Docker's daemon/list.go).
    expect(engineCommand(["printf", "a\tb"])).toBe("printf a\tb");
  });

  it("cuts ids to 12 characters, after a digest prefix", () => {
    expect(truncateId("2645526341c9f7feea4f411cf4ada7e4d31c3aa2b83ab59df31757b9187c4c27")).toBe("2645526341c9");
    expect(truncateId("sha256:d9a0b27c46e72b297147d86e2c1001e8")).toBe("d9a0b27c46e7");
  });

  it("ellipsizes to a number of terminal cells, the last one '…' (Compose: \"sh -c 'echo db: sta…\")", () => {
    expect(ellipsis("sh -c 'echo db: starting; touch /data/ready'", 20)).toBe("sh -c 'echo db: sta…");
    expect(ellipsis("/tmp/pp/stack/site", 15)).toBe("/tmp/pp/stack/…");
    expect(ellipsis("sleep 600", 20)).toBe("sleep 600");
    expect(ellipsis("exactly twenty chars", 20)).toBe("exactly twenty chars");
    // Wide characters take two cells: 日本語 is six.
    expect(ellipsis("echo 日本語 and more", 10)).toBe("echo 日本…");
    expect(ellipsis("abc", 1)).toBe("a");
    expect(ellipsis("abc", 0)).toBe("");
  });

  it("counts terminal cells: wide characters two, combining marks none", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("日本語")).toBe(6);
    expect(displayWidth("e\u0301")).toBe(1);
  });
});
