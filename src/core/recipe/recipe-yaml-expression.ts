/**
 * A small evaluator for the `${{ ... }}` expressions of rattler-build recipes (a minijinja subset): enough to render
 * `context` values and source URLs as real recipes write them: variables, string and number literals, `~` and `+`,
 * `name[0]`, `x if cond else y`, comparisons, `and`/`or`/`not`, string methods (`.split`, `.replace`, `.lower`...)
 * and filters (`|lower`, `|replace`, `|split`, `|default`, `|trim`...). Unknown names evaluate to `undefined`, so that
 * a context entry the build machine fills in (`target_platform`) does not stop the rendering of the ones we need.
 */

/** A value an expression can produce. */
export type ExprValue =
  string | number | boolean | null | undefined | readonly ExprValue[] | ((...args: ExprValue[]) => ExprValue);

/** Names visible to an expression. */
export type ExprScope = (name: string) => ExprValue;

/** Thrown for an expression the evaluator cannot read; callers turn it into a user error naming the recipe. */
export class ExpressionError extends Error {}

type Token =
  | { kind: "num"; value: number }
  | { kind: "str"; value: string }
  | { kind: "name"; value: string }
  | { kind: "op"; value: string };

const operators = ["==", "!=", "<=", ">=", "//", "**", "<", ">", "~", "+", "-", "*", "/", "%", "(", ")", "[", "]"];
const moreOperators = [".", ",", "|", ":", "="];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? "";
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let value = "";
      let j = i + 1;
      while (j < source.length && source[j] !== ch) {
        if (source[j] === "\\" && j + 1 < source.length) j++;
        value += source[j];
        j++;
      }
      if (j >= source.length) throw new ExpressionError(`unterminated string in \`${source}\``);
      tokens.push({ kind: "str", value });
      i = j + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(source.slice(i));
    if (num) {
      tokens.push({ kind: "num", value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(source.slice(i));
    if (name) {
      tokens.push({ kind: "name", value: name[0] });
      i += name[0].length;
      continue;
    }
    const op = [...operators, ...moreOperators].find((o) => source.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected \`${ch}\` in \`${source}\``);
    tokens.push({ kind: "op", value: op });
    i += op.length;
  }
  return tokens;
}

/** Evaluates one expression (the inside of `${{ }}`). */
export function evaluateExpression(source: string, scope: ExprScope): ExprValue {
  const parser = new Parser(tokenize(source), scope, source);
  const value = parser.expression();
  parser.expectEnd();
  return value;
}

/** Renders a string with `${{ }}` parts; a string that is exactly one expression keeps the expression's type. */
export function evaluateTemplate(template: string, scope: ExprScope): ExprValue {
  const parts = splitTemplate(template);
  if (parts.length === 1 && parts[0]?.kind === "expr") return evaluateExpression(parts[0].text, scope);
  return parts
    .map((part) => (part.kind === "text" ? part.text : toText(evaluateExpression(part.text, scope))))
    .join("");
}

/** Whether a YAML value contains a `${{ }}` expression (is computed rather than literal). */
export function hasTemplate(text: string): boolean {
  return text.includes("${{");
}

/** Splits `a${{ x }}b` into text and expression parts. */
export function splitTemplate(template: string): { kind: "text" | "expr"; text: string }[] {
  const parts: { kind: "text" | "expr"; text: string }[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("${{", i);
    if (open === -1) {
      parts.push({ kind: "text", text: template.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: "text", text: template.slice(i, open) });
    const close = findClose(template, open + 3);
    if (close === -1) throw new ExpressionError(`unterminated \${{ in \`${template}\``);
    parts.push({ kind: "expr", text: template.slice(open + 3, close) });
    i = close + 2;
  }
  return parts;
}

function findClose(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === "}" && text[i + 1] === "}") {
      return i;
    }
  }
  return -1;
}

/** How a value prints inside a template (as minijinja prints it). */
export function toText(value: ExprValue): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "function") return "";
  if (isList(value)) return `[${value.map((v) => JSON.stringify(toText(v))).join(", ")}]`;
  return String(value);
}

function isList(value: ExprValue): value is readonly ExprValue[] {
  return Array.isArray(value);
}

function truthy(value: ExprValue): boolean {
  if (isList(value)) return value.length > 0;
  return Boolean(value);
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly scope: ExprScope,
    private readonly source: string,
  ) {}

  expectEnd(): void {
    if (this.pos < this.tokens.length) this.fail(`unexpected \`${this.describe(this.tokens[this.pos])}\``);
  }

  expression(): ExprValue {
    const value = this.or();
    if (this.isName("if")) {
      this.pos++;
      const condition = this.or();
      let otherwise: ExprValue = undefined;
      if (this.isName("else")) {
        this.pos++;
        otherwise = this.expression();
      }
      return truthy(condition) ? value : otherwise;
    }
    return value;
  }

  private or(): ExprValue {
    let left = this.and();
    while (this.isName("or")) {
      this.pos++;
      const right = this.and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  private and(): ExprValue {
    let left = this.not();
    while (this.isName("and")) {
      this.pos++;
      const right = this.not();
      left = truthy(left) ? right : left;
    }
    return left;
  }

  private not(): ExprValue {
    if (this.isName("not")) {
      this.pos++;
      return !truthy(this.not());
    }
    return this.comparison();
  }

  private comparison(): ExprValue {
    let left = this.concat();
    for (;;) {
      const token = this.tokens[this.pos];
      if (token?.kind === "op" && ["==", "!=", "<", ">", "<=", ">="].includes(token.value)) {
        this.pos++;
        left = compare(token.value, left, this.concat());
      } else if (this.isName("in")) {
        this.pos++;
        left = contains(this.concat(), left);
      } else if (this.isName("not") && this.tokens[this.pos + 1]?.kind === "name" && this.peekName(1) === "in") {
        this.pos += 2;
        left = !contains(this.concat(), left);
      } else {
        return left;
      }
    }
  }

  private concat(): ExprValue {
    let left = this.additive();
    while (this.isOp("~")) {
      this.pos++;
      left = toText(left) + toText(this.additive());
    }
    return left;
  }

  private additive(): ExprValue {
    let left = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next();
      const right = this.multiplicative();
      if (op === "+" && (typeof left === "string" || typeof right === "string")) left = toText(left) + toText(right);
      else left = op === "+" ? Number(left) + Number(right) : Number(left) - Number(right);
    }
    return left;
  }

  private multiplicative(): ExprValue {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("//") || this.isOp("%")) {
      const op = this.next();
      const a = Number(left);
      const b = Number(this.unary());
      left = op === "*" ? a * b : op === "/" ? a / b : op === "//" ? Math.floor(a / b) : a % b;
    }
    return left;
  }

  private unary(): ExprValue {
    if (this.isOp("-")) {
      this.pos++;
      return -Number(this.unary());
    }
    return this.postfix();
  }

  private postfix(): ExprValue {
    let value = this.primary();
    for (;;) {
      if (this.isOp(".")) {
        this.pos++;
        const name = this.name();
        const args = this.isOp("(") ? this.args() : undefined;
        value = callMethod(value, name, args, (m) => this.fail(m));
      } else if (this.isOp("[")) {
        this.pos++;
        value = this.subscript(value);
      } else if (this.isOp("(")) {
        const args = this.args();
        if (typeof value !== "function") this.fail("call of something that is not a function");
        value = value(...args);
      } else if (this.isOp("|")) {
        this.pos++;
        const name = this.name();
        const args = this.isOp("(") ? this.args() : [];
        value = applyFilter(value, name, args, (m) => this.fail(m));
      } else {
        return value;
      }
    }
  }

  private subscript(value: ExprValue): ExprValue {
    const start = this.isOp(":") ? undefined : this.expression();
    if (this.isOp(":")) {
      this.pos++;
      const end = this.isOp("]") ? undefined : this.expression();
      this.expect("]");
      if (typeof value === "string" || isList(value)) {
        const s = start === undefined ? undefined : Number(start);
        const e = end === undefined ? undefined : Number(end);
        return value.slice(s, e);
      }
      return undefined;
    }
    this.expect("]");
    if (typeof value === "string" || isList(value)) {
      const n = Number(start);
      return value.at(n);
    }
    return undefined;
  }

  private args(): ExprValue[] {
    this.expect("(");
    const args: ExprValue[] = [];
    while (!this.isOp(")")) {
      // Keyword arguments (`max_pin="x.x"`) are accepted and ignored: only stubs take them.
      const after = this.tokens[this.pos + 1];
      if (this.tokens[this.pos]?.kind === "name" && after?.kind === "op" && after.value === "=") this.pos += 2;
      args.push(this.expression());
      if (this.isOp(",")) this.pos++;
      else break;
    }
    this.expect(")");
    return args;
  }

  private primary(): ExprValue {
    const token = this.tokens[this.pos];
    if (!token) return this.fail("unexpected end");
    this.pos++;
    if (token.kind === "num" || token.kind === "str") return token.value;
    if (token.kind === "name") {
      switch (token.value) {
        case "true":
        case "True":
          return true;
        case "false":
        case "False":
          return false;
        case "none":
        case "None":
          return null;
        default:
          return this.scope(token.value);
      }
    }
    if (token.value === "(") {
      const value = this.expression();
      if (this.isOp(",")) {
        const items: ExprValue[] = [value];
        while (this.isOp(",")) {
          this.pos++;
          if (this.isOp(")")) break;
          items.push(this.expression());
        }
        this.expect(")");
        return items;
      }
      this.expect(")");
      return value;
    }
    if (token.value === "[") {
      const items: ExprValue[] = [];
      while (!this.isOp("]")) {
        items.push(this.expression());
        if (this.isOp(",")) this.pos++;
        else break;
      }
      this.expect("]");
      return items;
    }
    return this.fail(`unexpected \`${token.value}\``);
  }

  private name(): string {
    const token = this.tokens[this.pos];
    if (token?.kind !== "name") return this.fail("expected a name");
    this.pos++;
    return token.value;
  }

  private next(): string {
    const token = this.tokens[this.pos++];
    return token?.kind === "op" ? token.value : "";
  }

  private expect(op: string): void {
    if (!this.isOp(op)) this.fail(`expected \`${op}\``);
    this.pos++;
  }

  private isOp(op: string): boolean {
    const token = this.tokens[this.pos];
    return token?.kind === "op" && token.value === op;
  }

  private isName(name: string): boolean {
    return this.peekName(0) === name;
  }

  private peekName(ahead: number): string | undefined {
    const token = this.tokens[this.pos + ahead];
    return token?.kind === "name" ? token.value : undefined;
  }

  private describe(token: Token | undefined): string {
    return token === undefined ? "end" : String(token.value);
  }

  private fail(message: string): never {
    throw new ExpressionError(`${message} in \`${this.source.trim()}\``);
  }
}

function compare(op: string, a: ExprValue, b: ExprValue): boolean {
  switch (op) {
    case "==":
      return a === b || (a != null && b != null && toText(a) === toText(b) && typeof a === typeof b);
    case "!=":
      return !compare("==", a, b);
    default: {
      const x = typeof a === "number" || typeof b === "number" ? Number(a) : toText(a);
      const y = typeof a === "number" || typeof b === "number" ? Number(b) : toText(b);
      if (op === "<") return x < y;
      if (op === ">") return x > y;
      if (op === "<=") return x <= y;
      return x >= y;
    }
  }
}

function contains(haystack: ExprValue, needle: ExprValue): boolean {
  if (typeof haystack === "string") return haystack.includes(toText(needle));
  if (isList(haystack)) return haystack.some((item) => compare("==", item, needle));
  return false;
}

function callMethod(
  value: ExprValue,
  name: string,
  args: ExprValue[] | undefined,
  fail: (message: string) => never,
): ExprValue {
  if (typeof value !== "string") {
    if (value === undefined) return undefined;
    return fail(`unsupported attribute \`.${name}\``);
  }
  const text = value;
  const a = args ?? [];
  switch (name) {
    case "split":
      return a[0] === undefined ? text.trim().split(/\s+/) : text.split(toText(a[0]));
    case "replace":
      return text.split(toText(a[0])).join(toText(a[1]));
    case "lower":
      return text.toLowerCase();
    case "upper":
      return text.toUpperCase();
    case "strip":
      return text.trim();
    case "startswith":
      return text.startsWith(toText(a[0]));
    case "endswith":
      return text.endsWith(toText(a[0]));
    default:
      return fail(`unsupported method \`.${name}\``);
  }
}

function applyFilter(value: ExprValue, name: string, args: ExprValue[], fail: (message: string) => never): ExprValue {
  switch (name) {
    case "lower":
      return toText(value).toLowerCase();
    case "upper":
      return toText(value).toUpperCase();
    case "trim":
      return toText(value).trim();
    case "string":
      return toText(value);
    case "int":
      return Number.parseInt(toText(value), 10) || 0;
    case "replace":
      return toText(value).split(toText(args[0])).join(toText(args[1]));
    case "split":
      return toText(value).split(args[0] === undefined ? " " : toText(args[0]));
    case "default":
      return value === undefined || value === null ? args[0] : value;
    case "length":
      return typeof value === "string" || isList(value) ? value.length : 0;
    case "first":
      return typeof value === "string" || isList(value) ? value[0] : undefined;
    case "last":
      return typeof value === "string" || isList(value) ? value.at(-1) : undefined;
    case "join":
      return isList(value) ? value.map(toText).join(toText(args[0] ?? "")) : toText(value);
    case "version_to_buildstring":
      return toText(value).split(".").slice(0, 2).join("");
    default:
      return fail(`unsupported filter \`|${name}\``);
  }
}
