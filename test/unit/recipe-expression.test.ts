/** The rattler-build expression evaluator used to read recipe.yaml values and templates. */
import { describe, expect, it } from "vitest";
import { evaluateExpression, evaluateTemplate, ExpressionError } from "../../src/core/recipe/recipe-yaml-expression.js";
import type { ExprValue } from "../../src/core/recipe/recipe-yaml-expression.js";

const vars: Record<string, ExprValue> = { version: "2.5.1", rc_num: -1, name: "Onnx-Script", five: 5 };
const scope = (name: string): ExprValue => vars[name];

describe("rattler-build expression evaluator", () => {
  it.each([
    ['"rc" ~ rc_num', "rc-1"],
    ['("rc" ~ rc_num) if rc_num > -1 else ""', ""],
    ["name[0]", "O"],
    ["name|lower", "onnx-script"],
    ['name | replace("-", "_") | lower', "onnx_script"],
    ['version.split(".")[0]', "2"],
    ['version.split(".")[:2] | join(".")', "2.5"],
    ['version.replace(".", "")', "251"],
    ["five + 1", 6],
    ["five * 2 - 1", 9],
    ["five // 2", 2],
    ["not (five > 3)", false],
    ["five >= 5 and rc_num < 0", true],
    ['"a" in ["a", "b"]', true],
    ['"x" not in ("a", "b")', true],
    ["missing | default('fallback')", "fallback"],
    ["None", null],
    ["compiler('c')", undefined],
  ])("evaluates %s", (source, expected) => {
    const withStub = (n: string): ExprValue => (n === "compiler" ? () => undefined : scope(n));
    expect(evaluateExpression(source, withStub)).toEqual(expected);
  });

  it("renders a template with several expressions, as numpy's version_rc", () => {
    expect(evaluateTemplate('${{ version }}${{ ("rc" ~ rc_num) if rc_num > -1 else "" }}', scope)).toBe("2.5.1");
    expect(evaluateTemplate("v${{ version }}.tar.gz", scope)).toBe("v2.5.1.tar.gz");
  });

  it("keeps the type of a template that is one expression", () => {
    expect(evaluateTemplate("${{ rc_num }}", scope)).toBe(-1);
  });

  it("reports an expression it cannot read", () => {
    expect(() => evaluateExpression("version.format(1)", scope)).toThrow(ExpressionError);
    expect(() => evaluateExpression("(version", scope)).toThrow(ExpressionError);
    expect(() => evaluateTemplate("${{ version ", scope)).toThrow(ExpressionError);
  });
});
