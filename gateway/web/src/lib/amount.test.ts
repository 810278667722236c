import { describe, expect, it } from "vitest";
import { parseRupiah } from "./amount";

describe("parseRupiah", () => {
  it("reads amounts written either way", () => {
    expect(parseRupiah("50000000")).toBe(50_000_000);
    expect(parseRupiah("50.000.000")).toBe(50_000_000);
    expect(parseRupiah("50,000,000")).toBe(50_000_000);
    expect(parseRupiah("Rp 50.000.000")).toBe(50_000_000);
    expect(parseRupiah("IDR 50,000,000")).toBe(50_000_000);
    expect(parseRupiah("50.000.000,00")).toBe(50_000_000);
  });

  it("rejects empty and non-numbers", () => {
    expect(parseRupiah("")).toBeNull();
    expect(parseRupiah("   ")).toBeNull();
    expect(parseRupiah("abc")).toBeNull();
    expect(parseRupiah("-5")).toBeNull();
  });
});
