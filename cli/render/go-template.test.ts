import { describe, expect, it } from "vitest";
import { parseTemplate, TemplateError, type TemplateOptions } from "./go-template.js";
import { HEADER_FUNCTIONS } from "./go-template-funcs.js";

const run = (src: string, data: unknown = {}, options: Partial<TemplateOptions> = {}) => parseTemplate(src, { name: "t", ...options }).execute(data);
const parseError = (src: string) => {
  try {
    parseTemplate(src, { name: "ps" });
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return (error as Error).message;
  }
  throw new Error(`${src} parsed`);
};
const execError = (src: string, data: unknown = {}) => {
  try {
    parseTemplate(src, { name: "ps", typeName: "container" }).execute(data);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return (error as Error).message;
  }
  throw new Error(`${src} executed`);
};

const ROW = { Name: "shop-web-1", State: "running", ExitCode: 0, Ports: "", Publishers: [{ URL: "0.0.0.0", TargetPort: 80 }, { URL: "::", TargetPort: 443 }], Labels: new Map([["b", "2"], ["a", "1"]]) };

describe("text, actions, comments and trim markers", () => {
  it("copies text and prints each action's value", () => {
    expect(run("plain")).toBe("plain");
    expect(run("{{.Name}} is {{.State}}", ROW)).toBe("shop-web-1 is running");
    expect(run("{{.}}", "x")).toBe("x");
    expect(run("}} {", {})).toBe("}} {");
  });

  it("drops comments and trims around trim markers", () => {
    expect(run("a {{/* note */}} b")).toBe("a  b");
    expect(run("a  {{- /* note */ -}}  b")).toBe("ab");
    expect(run("a \n {{- .Name -}} \n b", ROW)).toBe("ashop-web-1b");
    expect(run("a {{-3}}")).toBe("a -3");
  });

  it("turns typed \\t and \\n into a tab and a newline only when asked (the docker CLI's rule)", () => {
    expect(run("a\\tb", {}, { backslashEscapes: true })).toBe("a\tb");
    expect(run("a\\nb", {}, { backslashEscapes: true })).toBe("a\nb");
    expect(run("a\\tb")).toBe("a\\tb");
  });
});

describe("values", () => {
  it("follows field chains, map keys, $ and variables", () => {
    expect(run("{{.A.B}}", { A: { B: "deep" } })).toBe("deep");
    expect(run("{{.Labels.a}}-{{.Labels.zz}}", ROW)).toBe("1-<no value>");
    expect(run("{{with .A}}{{$.Top}}{{.B}}{{end}}", { Top: "t", A: { B: "b" } })).toBe("tb");
    expect(run("{{$x := .Name}}{{$x}}{{$x = \"y\"}}{{$x}}", ROW)).toBe("shop-web-1y");
    expect(run("{{(index .Publishers 1).URL}}", ROW)).toBe("::");
    expect(run("{{$p := index .Publishers 0}}{{$p.TargetPort}}", ROW)).toBe("80");
  });

  it("reads literals: strings with Go escapes, raw strings, numbers, chars, booleans, nil", () => {
    expect(run('{{"a\\tb\\u00e9\\x41"}}')).toBe("a\tbéA");
    expect(run("{{`raw\\n`}}")).toBe("raw\\n");
    expect(run("{{12}} {{-1}} {{0x1F}} {{1.5}} {{1e3}} {{'a'}} {{010}}")).toBe("12 -1 31 1.5 1000 97 8");
    expect(run("{{true}} {{false}}")).toBe("true false");
    expect(run("{{print nil}}")).toBe("<nil>");
  });

  it("prints slices, maps and structs as Go's %v", () => {
    expect(run("{{.}}", ["a", 1, true])).toBe("[a 1 true]");
    expect(run("{{.Labels}}", ROW)).toBe("map[a:1 b:2]");
    expect(run("{{index .Publishers 0}}", ROW)).toBe("{0.0.0.0 80}");
    expect(run("{{.}}", 0.5)).toBe("0.5");
    expect(run("{{.}}", 1234567.5)).toBe("1.2345675e+06");
  });
});

describe("pipelines", () => {
  it("passes the left value as the last argument", () => {
    expect(run('{{.Name | printf "%s!"}}', ROW)).toBe("shop-web-1!");
    expect(run('{{"," | split "x,y" | len}}')).toBe("2");
    expect(run("{{truncate (.Name | upper) 4}}", ROW)).toBe("SHOP");
    expect(run('{{"SHOP" | lower | printf "%s-%s" "x"}}')).toBe("x-shop");
    expect(run("{{(len .Publishers) | printf \"%d ports\"}}", ROW)).toBe("2 ports");
  });
});

describe("control structures", () => {
  it("if / else if / else, with Go's truth", () => {
    const t = (v: unknown) => run("{{if .}}yes{{else}}no{{end}}", v);
    expect([true, 1, "x", [0], new Map([["k", 1]]), {}].map(t)).toEqual(["yes", "yes", "yes", "yes", "yes", "yes"]);
    expect([false, 0, "", [], new Map(), null].map(t)).toEqual(["no", "no", "no", "no", "no", "no"]);
    const chain = "{{if eq .State \"running\"}}up{{else if eq .State \"exited\"}}down({{.ExitCode}}){{else}}?{{end}}";
    expect(run(chain, ROW)).toBe("up");
    expect(run(chain, { ...ROW, State: "exited", ExitCode: 3 })).toBe("down(3)");
    expect(run(chain, { ...ROW, State: "paused" })).toBe("?");
  });

  it("range over slices and maps, with variables, else, break and continue", () => {
    expect(run("{{range .Publishers}}{{.TargetPort}} {{end}}", ROW)).toBe("80 443 ");
    expect(run("{{range $i, $p := .Publishers}}{{$i}}={{$p.URL}};{{end}}", ROW)).toBe("0=0.0.0.0;1=::;");
    expect(run("{{range $p := .Publishers}}{{$p.TargetPort}}{{end}}", ROW)).toBe("80443");
    expect(run("{{range $k, $v := .Labels}}{{$k}}:{{$v}} {{end}}", ROW)).toBe("a:1 b:2 ");
    expect(run("{{range .X}}x{{else}}none{{end}}", { X: [] })).toBe("none");
    expect(run("{{range .X}}x{{else}}none{{end}}", { X: null })).toBe("none");
    expect(run("{{range 3}}{{.}}{{end}}")).toBe("012");
    expect(run("{{range .}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}", [1, 2, 3, 4, 5])).toBe("13");
  });

  it("with sets dot when the value is true, else runs its else branch", () => {
    expect(run("{{with .A}}<{{.}}>{{else}}none{{end}}", { A: "a" })).toBe("<a>");
    expect(run("{{with .A}}<{{.}}>{{else}}none{{end}}", { A: "" })).toBe("none");
    expect(run("{{with $x := .A}}{{$x}}{{end}}", { A: "a" })).toBe("a");
    expect(run("{{with .A}}a{{else with .B}}b{{.}}{{end}}", { A: "", B: "!" })).toBe("b!");
  });

  it("scopes variables to their control structure", () => {
    expect(() => parseTemplate("{{if true}}{{$x := 1}}{{end}}{{$x}}", { name: "t" })).toThrow(/undefined variable "\$x"/);
  });
});

describe("builtin functions", () => {
  it("and, or, not (short-circuit)", () => {
    expect(run("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" 3}} {{or 0 \"\"}} {{not 0}} {{not 1}}")).toBe("0 2 3  true false");
    expect(run("{{or .A .Missing}}", { A: "a" })).toBe("a");
    expect(run("{{and .A (index .B 5)}}", { A: "", B: [] })).toBe("");
  });

  it("comparisons", () => {
    expect(run("{{eq 1 2 1}} {{eq \"a\" \"b\"}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1 2}}")).toBe("true false true true true true false");
    expect(() => run('{{eq 1 "1"}}')).toThrow(/error calling eq: incompatible types for comparison/);
    expect(() => run("{{lt true false}}")).toThrow(/invalid type for comparison/);
  });

  it("len, index, slice", () => {
    expect(run("{{len .}}", "héllo")).toBe("6");
    expect(run("{{len .Publishers}} {{len .Labels}}", ROW)).toBe("2 2");
    expect(run('{{index .Labels "b"}}[{{index .Labels "none"}}]', ROW)).toBe("2[]");
    expect(run("{{index . 1 0}}", [["a"], ["b", "c"]])).toBe("b");
    expect(run("{{slice . 1 3}} {{slice . 2}}", "abcd")).toBe("bc cd");
    expect(run("{{slice . 1}}", [1, 2, 3])).toBe("[2 3]");
    expect(() => run("{{index . 5}}", [1])).toThrow(/error calling index: index out of range: 5/);
  });

  it("print, println, printf", () => {
    expect(run('{{print "a" "b" 1 2 "c"}}')).toBe("ab1 2c");
    expect(run('{{println "a" 1}}')).toBe("a 1\n");
    expect(run('{{printf "%s|%d|%v|%q|%%|%-6s|%5d|%05d|%.2f|%t|%x" "s" 42 .L "q\\"" "ab" 7 -7 3.14159 true 255}}', { L: [1, 2] })).toBe(
      's|42|[1 2]|"q\\""|%|ab    |    7|-0007|3.14|true|ff',
    );
    expect(run('{{printf "%d %s" "x"}}')).toBe("%!d(string=x) %!s(MISSING)");
    expect(run('{{printf "%s" "a" 1}}')).toBe("a%!(EXTRA int=1)");
    expect(run('{{printf "%.3s" "abcdef"}}')).toBe("abc");
  });
});

describe("the docker CLI's functions", () => {
  it("json encodes without a trailing newline, maps as objects", () => {
    expect(run("{{json .}}", { Name: "a<b>", N: [1, 2], L: new Map([["k", "v"]]) })).toBe('{"Name":"a<b>","N":[1,2],"L":{"k":"v"}}');
    expect(run("{{json .Missing}}", new Map())).toBe("null");
  });

  it("join, split, lower, upper, title, truncate, pad", () => {
    expect(run('{{join .X ", "}}', { X: ["a", "b"] })).toBe("a, b");
    expect(run('{{range split "a,b,c" ","}}[{{.}}]{{end}}')).toBe("[a][b][c]");
    expect(run('{{lower "AbC"}} {{upper "AbC"}} {{title "hello wide-world x_y"}}')).toBe("abc ABC Hello Wide-World X_y");
    expect(run('{{truncate "abcdef" 3}} {{truncate "ab" 5}}')).toBe("abc ab");
    expect(run('[{{pad "x" 2 1}}][{{pad "" 2 1}}]')).toBe("[  x ][]");
    expect(() => run("{{upper 5}}")).toThrow(/wrong type for value; expected string; got int/);
    expect(() => run("{{join 5 \",\"}}")).toThrow(/expected \[\]string; got int/);
  });

  it("header functions pass the (title) string through", () => {
    const t = parseTemplate('{{json .Name}} {{upper .Name}} {{truncate .Name 2}} {{pad .Name 1 0}}', { name: "t" });
    expect(t.execute({ Name: "NAME" }, { funcs: HEADER_FUNCTIONS })).toBe("NAME NAME NAME  NAME");
  });
});

describe("errors name the template, the line and the column", () => {
  it("parse errors", () => {
    expect(parseError("{{.Name}} {{foo .X}}")).toBe('template: ps:1:13: function "foo" not defined');
    expect(parseError("{{.Name")).toBe("template: ps:1:1: unclosed action");
    expect(parseError("a\n{{if .X}}")).toBe("template: ps:2:10: unexpected EOF");
    expect(parseError("{{end}}")).toBe("template: ps:1:3: unexpected {{end}}");
    expect(parseError("{{else}}")).toBe("template: ps:1:3: unexpected {{else}}");
    expect(parseError("{{$x}}")).toBe('template: ps:1:3: undefined variable "$x"');
    expect(parseError("{{}}")).toMatch(/^template: ps:1:3: missing value for command$/);
    expect(parseError('{{"abc}}')).toBe("template: ps:1:3: unterminated quoted string");
    expect(parseError("{{/* x */ .Y}}")).toBe("template: ps:1:3: comment ends before closing delimiter");
    expect(parseError("{{.X | 3}}")).toBe("template: ps:1:8: non executable command in pipeline stage 2");
    expect(parseError("{{(.X}}")).toBe("template: ps:1:6: unclosed left paren");
    expect(parseError("{{.X}}{{break}}")).toBe("template: ps:1:9: {{break}} outside {{range}}");
    expect(parseError("{{.X %}}")).toBe('template: ps:1:6: unexpected "%" in command');
  });

  it("execution errors say where and at which node", () => {
    expect(execError("{{.Nam}}", { Name: "x" })).toBe('template: ps:1:3: executing "ps" at <.Nam>: can\'t evaluate field Nam in type container');
    expect(execError("ok\n  {{.A.B}}", { A: "s" })).toBe('template: ps:2:5: executing "ps" at <.A.B>: can\'t evaluate field B in type string');
    expect(execError("{{len 1 2}}")).toBe('template: ps:1:3: executing "ps" at <len 1 2>: wrong number of args for len: want 1 got 2');
    expect(execError("{{range .}}{{end}}", { A: 1 })).toMatch(/range can't iterate over \{1\}/);
    expect(execError('{{"x" | .Name}}', { Name: "n" })).toMatch(/Name has arguments but cannot be invoked as function/);
    expect(execError("{{.X 1}}", { X: 1 })).toMatch(/X has arguments/);
    expect(execError("{{nil}}")).toMatch(/nil is not a command/);
    expect(execError("{{index .A 1 | printf \"%s\" | upper | lower | json}}", { A: [] })).toMatch(/at <index \.A 1>: error calling index/);
  });

  it("lists the root fields read from the data, not those under with or range", () => {
    const t = parseTemplate("{{.A}}{{if .B}}{{.C.D}}{{end}}{{with .E}}{{.Inner}}{{$.F}}{{else}}{{.G}}{{end}}{{range .H}}{{.I}}{{end}}{{len (.J)}}", { name: "t" });
    expect(t.rootFields().map((f) => f.name)).toEqual(["A", "B", "C", "E", "F", "G", "H", "J"]);
    expect(parseTemplate("x\n {{.Nam}}", { name: "t" }).rootFields()).toEqual([{ name: "Nam", line: 2, column: 4 }]);
  });

  it("returns the output so far instead of throwing when asked (partial)", () => {
    expect(parseTemplate("a{{.X}}b{{.Y.Z}}c", { name: "t" }).execute({ X: 1, Y: "s" }, { partial: true })).toBe("a1b");
  });
});
