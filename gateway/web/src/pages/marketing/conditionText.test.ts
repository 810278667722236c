import { describe, expect, it } from "vitest";
import { conditionText } from "./conditionText";

const words = {
  and: "and",
  or: "or",
  not: "not",
  in: "is one of",
  containsAny: "mentions any of",
  exists: "is filled in",
  freeMail: "is a free-mail domain",
  notFreeMail: "is a company domain",
};

describe("conditionText", () => {
  it("reads single tests", () => {
    expect(conditionText({ field: "source", equals: "quote-request" }, words)).toBe('source = "quote-request"');
    expect(conditionText({ field: "source", in: ["whatsapp", "referral"] }, words)).toBe('source is one of ["whatsapp", "referral"]');
    expect(conditionText({ field: "contact.company", exists: true }, words)).toBe("contact.company is filled in");
    expect(conditionText({ field: "contact.emailDomain", freeMailDomain: false }, words)).toBe("contact.emailDomain is a company domain");
    expect(conditionText({ field: "interest.budget", gte: 50000000 }, words)).toBe("interest.budget ≥ 50000000");
  });

  it("reads combinations with brackets where nested", () => {
    expect(
      conditionText(
        { all: [{ field: "interest.budget", gt: 0 }, { field: "interest.budget", lt: 50000000 }, { not: { field: "x", containsAny: ["a"] } }] },
        words,
      ),
    ).toBe('interest.budget > 0 and interest.budget < 50000000 and not (x mentions any of ["a"])');
    expect(conditionText({ any: [{ field: "a", exists: true }, { all: [{ field: "b", exists: true }, { field: "c", exists: true }] }] }, words)).toBe(
      "a is filled in or (b is filled in and c is filled in)",
    );
  });

  it("shortens long keyword lists", () => {
    expect(conditionText({ field: "m", containsAny: ["1", "2", "3", "4", "5", "6", "7", "8"] }, words)).toBe(
      'm mentions any of ["1", "2", "3", "4", "5", "6", … (+2)]',
    );
  });
});
