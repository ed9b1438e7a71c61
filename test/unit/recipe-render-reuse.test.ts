/**
 * One bump renders the same meta.yaml at several versions and with old and new hashes; the compiled template is
 * shared between those renders (only the version and hash literals differ). These tests pin that sharing the template
 * never shares a value: each render shows exactly its own version and hashes, and errors still name the recipe line.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { renderMetaYaml, renderMetaYamlText } from "../../src/core/recipe/meta-yaml-render.js";

const hex = (c: string): string => c.repeat(64);

function recipe(version: string, hashVar: string, literal: string): string {
  return [
    `{% set version = "${version}" %}`,
    `{% set sha = '${hashVar}' %}`,
    "package:",
    "  name: gizmo",
    "  version: {{ version }}",
    "source:",
    "  - url: https://example.invalid/gizmo-{{ version }}.tar.gz",
    "    sha256: {{ sha }}",
    "  - url: https://example.invalid/data-{{ version.split('.')[0] }}.zip",
    `    sha256: ${literal}  # [linux]`,
    `{# ${hex("9")} stays a comment #}`,
    `about:`,
    `  summary: {{ "${hex("8")}" | upper }}`,
    "",
  ].join("\n");
}

describe("renders of one recipe that share a compiled template", () => {
  it("show each render's own version and hashes", () => {
    const first = renderMetaYaml(recipe("1.2.3", hex("a"), hex("b")));
    const second = renderMetaYaml(recipe("20.0", hex("c"), hex("d")), { parseYaml: true });
    const third = renderMetaYaml(recipe("1.2.3", hex("a"), hex("b")));
    expect(first).toEqual({
      version: "1.2.3",
      sources: [
        { url: "https://example.invalid/gizmo-1.2.3.tar.gz", sha256: hex("a") },
        { url: "https://example.invalid/data-1.zip", sha256: hex("b") },
      ],
    });
    expect(second).toEqual({
      version: "20.0",
      sources: [
        { url: "https://example.invalid/gizmo-20.0.tar.gz", sha256: hex("c") },
        { url: "https://example.invalid/data-20.zip", sha256: hex("d") },
      ],
    });
    expect(third).toEqual(first);
  });

  it("leaves comments and hashes inside expressions as the recipe writes them", () => {
    const text = renderMetaYamlText(recipe("1.0", hex("e"), hex("f")));
    expect(text).not.toContain(hex("9"));
    expect(text).toContain(`summary: ${hex("8").toUpperCase()}`);
    expect(text).toContain(`sha256: ${hex("f")}  # [linux]`);
  });

  it("renders a {% raw %} block verbatim, hashes in it included", () => {
    const text = ["{% raw %}", `x: {{ not_jinja }} ${hex("1")}`, "{% endraw %}", ""].join("\n");
    expect(renderMetaYamlText(text)).toBe(`\nx: {{ not_jinja }} ${hex("1")}\n\n`);
  });

  it("names the recipe line of an error on the second render too", () => {
    const broken = (version: string): string =>
      recipe(version, hex("a"), hex("b")).replace("version: {{ version }}", "version: {{ version.nope() }}");
    for (const version of ["1.0", "2.0"]) {
      let thrown: unknown;
      try {
        renderMetaYamlText(broken(version));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as Error).message).toMatch(
        /^recipe\/meta\.yaml line 5: cannot evaluate `version: \{\{ version\.nope\(\) \}\}` \(`version\.nope` is not defined\)$/,
      );
    }
  });
});
