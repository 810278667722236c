import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDuration, formatMoney, formatNumber, formatPercent, formatRelative } from "./format";

// Intl puts no-break spaces (U+00A0, U+202F) between parts; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatMoney", () => {
  it("writes rupiah the Indonesian way in Bahasa Indonesia", () => {
    expect(plain(formatMoney(50_000_000, "id"))).toBe("Rp 50.000.000");
  });

  it("writes rupiah with the ISO code and US separators in English", () => {
    expect(plain(formatMoney(50_000_000, "en"))).toBe("IDR 50,000,000");
  });

  it("has no cents for IDR, rounding to whole rupiah", () => {
    expect(plain(formatMoney(1_234_567.6, "id"))).toBe("Rp 1.234.568");
  });

  it("shows a dash when there is no value", () => {
    expect(formatMoney(null, "id")).toBe("—");
    expect(formatMoney(undefined, "en")).toBe("—");
  });

  it("keeps cents for currencies that have them", () => {
    expect(plain(formatMoney(12.5, "en", "USD"))).toBe("$12.50");
  });
});

describe("formatNumber and formatPercent", () => {
  it("groups digits per language", () => {
    expect(formatNumber(1234567, "id")).toBe("1.234.567");
    expect(formatNumber(1234567, "en")).toBe("1,234,567");
  });

  it("turns fractions into percentages and null into a dash", () => {
    expect(plain(formatPercent(0.125, "en"))).toBe("12.5%");
    expect(plain(formatPercent(0.125, "id"))).toBe("12,5%");
    expect(formatPercent(null, "id")).toBe("—");
  });
});

describe("dates", () => {
  const at = "2026-11-23T01:15:00Z"; // 08:15 in Jakarta

  it("writes date and time in Indonesian conventions", () => {
    expect(plain(formatDateTime(at, "id", "Asia/Jakarta"))).toBe("23 Nov 2026, 08.15");
  });

  it("writes date and time in US English conventions", () => {
    expect(plain(formatDateTime(at, "en", "Asia/Jakarta"))).toBe("Nov 23, 2026, 8:15 AM");
  });

  it("respects the time zone (WITA is an hour later than WIB)", () => {
    expect(plain(formatDateTime(at, "id", "Asia/Makassar"))).toBe("23 Nov 2026, 09.15");
  });

  it("writes a date alone", () => {
    expect(formatDate(at, "id", "Asia/Jakarta")).toBe("23 Nov 2026");
    expect(formatDate(at, "en", "Asia/Jakarta")).toBe("Nov 23, 2026");
  });

  it("shows a dash for missing or broken dates", () => {
    expect(formatDateTime(null, "en")).toBe("—");
    expect(formatDateTime("not a date", "id")).toBe("—");
  });

  it("says how long ago or ahead, per language", () => {
    const now = Date.parse("2026-11-23T03:15:00Z");
    expect(formatRelative(at, "en", now)).toBe("2 hours ago");
    expect(formatRelative(at, "id", now)).toBe("2 jam yang lalu");
    expect(formatRelative("2026-11-23T03:20:00Z", "en", now)).toBe("in 5 minutes");
    expect(formatRelative("2026-11-23T03:20:00Z", "id", now)).toBe("dalam 5 menit");
  });
});

describe("formatDuration", () => {
  it("uses the largest sensible units", () => {
    expect(plain(formatDuration(45, "en"))).toBe("45 sec");
    expect(plain(formatDuration(12 * 60 + 5, "en"))).toBe("12 min");
    expect(plain(formatDuration(3 * 3600 + 20 * 60, "en"))).toBe("3 hr 20 min");
    expect(plain(formatDuration(2 * 86_400, "en"))).toBe("2 days");
    expect(formatDuration(null, "id")).toBe("—");
  });
});
