import { describe, expect, it } from "vitest";
import { detectLanguage, dictionaries, initialLanguage, interpolate, translate, translateValue, LANGUAGE_KEY } from "./dictionary";
import { ACTIVITY_OUTCOMES, ACTIVITY_TYPES, FOLLOW_UP_STATUSES, LEAD_STATUSES, OUTCOME_RESULTS, ROLES, SOURCES } from "../api/types";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionary", () => {
  const enKeys = Object.keys(dictionaries.en).sort();
  const idKeys = Object.keys(dictionaries.id).sort();

  it("has the same keys in both languages", () => {
    expect(idKeys).toEqual(enKeys);
  });

  it("has no empty text", () => {
    for (const lang of ["en", "id"] as const) {
      for (const [key, text] of Object.entries(dictionaries[lang])) {
        expect(text.trim(), `${lang}:${key}`).not.toBe("");
      }
    }
  });

  it("uses the same placeholders in both languages", () => {
    for (const key of enKeys) {
      const k = key as keyof typeof dictionaries.en;
      expect(placeholders(dictionaries.id[k]), key).toEqual(placeholders(dictionaries.en[k]));
    }
  });

  it("names every value the server sends", () => {
    const groups: [string, readonly string[]][] = [
      ["status", LEAD_STATUSES],
      ["source", SOURCES],
      ["channel", ACTIVITY_TYPES],
      ["outcome", ACTIVITY_OUTCOMES],
      ["result", OUTCOME_RESULTS],
      ["task", FOLLOW_UP_STATUSES],
      ["role", ROLES],
    ];
    for (const lang of ["en", "id"] as const) {
      for (const [prefix, values] of groups) {
        for (const value of values) expect(`${prefix}.${value}` in dictionaries[lang], `${lang}:${prefix}.${value}`).toBe(true);
      }
    }
  });
});

describe("translate", () => {
  it("fills placeholders", () => {
    expect(translate("en", "common.range", { from: 1, to: 20, total: 135 })).toBe("1–20 of 135");
    expect(translate("id", "common.range", { from: 1, to: 20, total: 135 })).toBe("1–20 dari 135");
  });

  it("leaves unknown placeholders visible", () => {
    expect(interpolate("Hi {name} {x}", { name: "Budi" })).toBe("Hi Budi {x}");
  });

  it("translates server values and passes unknown ones through", () => {
    expect(translateValue("id", "status", "won")).toBe("Menang");
    expect(translateValue("en", "status", "brand-new-status")).toBe("brand-new-status");
    expect(translateValue("en", "status", null)).toBe("");
  });
});

describe("language choice", () => {
  it("follows the browser", () => {
    expect(detectLanguage(["en-US", "id"])).toBe("en");
    expect(detectLanguage(["id-ID"])).toBe("id");
    expect(detectLanguage(["de-DE", "en-GB"])).toBe("en");
  });

  it("falls back to Bahasa Indonesia", () => {
    expect(detectLanguage(["de-DE"])).toBe("id");
    expect(detectLanguage([])).toBe("id");
  });

  it("prefers the remembered choice", () => {
    const storage = { getItem: (k: string) => (k === LANGUAGE_KEY ? "en" : null) } as unknown as Storage;
    expect(initialLanguage(storage, { language: "id-ID", languages: ["id-ID"] })).toBe("en");
    const empty = { getItem: () => null } as unknown as Storage;
    expect(initialLanguage(empty, { language: "id-ID", languages: [] })).toBe("id");
  });
});
