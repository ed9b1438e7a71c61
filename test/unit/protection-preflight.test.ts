/** The "branch protection" pre-flight line: each case of what GitHub would refuse and what the line says to do. */
import { describe, expect, it } from "vitest";
import { protectionLine, type BranchWrites } from "../../src/core/release-plan/protection-preflight.js";
import type { ObservedProtection } from "../../src/core/release-plan/observation.js";

const move: BranchWrites = { branch: "rel-1.20.0", base: "main", via: "direct", create: false, update: true };
const create: BranchWrites = { ...move, create: true, update: false };
const rule = (blockCreations: boolean, bypass: string | null): ObservedProtection["rule"] => ({
  of: "rel-1.20.0",
  blockCreations,
  bypass,
});

describe("branch protection pre-flight", () => {
  it("is absent when protection was not observed", () => {
    expect(protectionLine(undefined, move)).toBeNull();
  });

  it("fails a direct commit on a protected branch the token cannot bypass, naming --via-pr and a bypassing token", () => {
    const line = protectionLine({ branchProtected: true, protectedSiblings: [], rule: rule(false, null) }, move);
    expect(line).toMatchObject({ status: "fail" });
    expect(line?.detail).toMatch(/--via-pr .*rc\.via: pull-request.*token allowed to bypass/);
  });

  it("says when the rule could not be read (GitHub shows it to admins only) and still refuses", () => {
    const line = protectionLine({ branchProtected: true, protectedSiblings: [], rule: "unreadable" }, move);
    expect(line).toMatchObject({ status: "fail" });
    expect(line?.detail).toContain("the token cannot read its rule");
  });

  it("passes a bypassing token, a tag-only cut and the pull-request mode", () => {
    const bypass = { branchProtected: true, protectedSiblings: [], rule: rule(false, "admin") };
    expect(protectionLine(bypass, move)?.status).toBe("pass");
    const noBypass = { branchProtected: true, protectedSiblings: [], rule: rule(false, null) };
    expect(protectionLine(noBypass, { ...move, update: false })?.status).toBe("pass");
    expect(protectionLine(noBypass, { ...move, via: "pull-request" })?.detail).toContain("through a pull request");
  });

  it("refuses to create a branch a rule blocks creating, and warns when the rule cannot be read", () => {
    const blocked = { branchProtected: false, protectedSiblings: ["rel-1.19.0"], rule: rule(true, null) };
    expect(protectionLine(blocked, create)).toMatchObject({ status: "fail" });
    expect(protectionLine({ ...blocked, rule: rule(true, "admin") }, create)?.status).toBe("pass");
    const unreadable = { branchProtected: false, protectedSiblings: ["rel-1.19.0"], rule: "unreadable" as const };
    expect(protectionLine(unreadable, create)).toMatchObject({ status: "warn" });
    expect(protectionLine({ branchProtected: false, protectedSiblings: [], rule: null }, create)?.status).toBe("pass");
  });
});
