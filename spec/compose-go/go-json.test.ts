import { describe, expect, it } from "vitest";
import { goJson, goString } from "./go-json.js";
import { NETWORK, PROJECT, SERVICE } from "./go-types.js";

describe("goJson", () => {
  it("writes struct fields in compose-go's declaration order, not as given", () => {
    const port = { target: 80, published: "8080", protocol: "tcp", mode: "ingress", host_ip: "127.0.0.1" };
    expect(goJson({ image: "x", ports: [port], profiles: ["p"] }, SERVICE)).toBe(
      '{"profiles":["p"],"command":null,"entrypoint":null,"image":"x",' +
        '"ports":[{"mode":"ingress","host_ip":"127.0.0.1","target":80,"published":"8080","protocol":"tcp"}]}',
    );
  });

  it("sorts map keys by bytes, numeric-looking keys included (JavaScript would put them first)", () => {
    expect(goJson({ labels: { b: "1", "10": "2", "9": "3", B: "4" } }, SERVICE)).toContain('"labels":{"10":"2","9":"3","B":"4","b":"1"}');
  });

  it("writes non-pointer structs even when empty, and drops x- keys inside structs only", () => {
    expect(goJson({ name: "p_default", "x-a": 1 }, NETWORK)).toBe('{"name":"p_default","ipam":{}}');
    expect(goJson({ deploy: { replicas: 2 } }, SERVICE)).toContain('"deploy":{"replicas":2,"resources":{},"placement":{}}');
    expect(goJson({ develop: { watch: [{ path: "/a", action: "rebuild" }] } }, SERVICE)).toContain(
      '"watch":[{"path":"/a","action":"rebuild","exec":{"command":null}}]',
    );
    expect(goJson({ name: "p", "x-top": { a: 1 } }, PROJECT)).toBe('{"name":"p","x-top":{"a":1}}');
  });

  it("names untagged Go fields as Go does", () => {
    expect(goJson({ blkio_config: { weight_device: [{ path: "/dev/sda", weight: 10 }] } }, SERVICE)).toContain(
      '"blkio_config":{"weight_device":[{"Path":"/dev/sda","Weight":10}]}',
    );
  });

  it("indents as json.MarshalIndent", () => {
    expect(goJson({ a: [1, { b: {} }], c: [] }, "scalar", "  ")).toBe('{\n  "a": [\n    1,\n    {\n      "b": {}\n    }\n  ],\n  "c": []\n}');
  });
});

describe("goString", () => {
  it("escapes HTML characters, line and paragraph separators and controls as Go does", () => {
    expect(goString('a<b>&"\\\n\t\b\f\u0001\u2028\u2029é😀')).toBe('"a\\u003cb\\u003e\\u0026\\"\\\\\\n\\t\\b\\f\\u0001\\u2028\\u2029é😀"');
  });

  it("writes a lone surrogate as U+FFFD (invalid UTF-8 in Go)", () => {
    expect(goString("a\ud800b")).toBe('"a\\ufffdb"');
    expect(goString("\udc00")).toBe('"\\ufffd"');
  });
});
