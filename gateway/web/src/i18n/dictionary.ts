import { en } from "./en";
import { id } from "./id";

export const LANGUAGES = ["id", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export type MessageKey = keyof typeof en;
export type Vars = Record<string, string | number>;

export const dictionaries: Record<Language, Record<MessageKey, string>> = { en, id };

export const LANGUAGE_KEY = "smarketing.lang";

export function isLanguage(value: unknown): value is Language {
  return value === "id" || value === "en";
}

/** Fills {name} placeholders; an unknown placeholder stays visible rather than vanishing. */
export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

export function translate(lang: Language, key: MessageKey, vars?: Vars): string {
  return interpolate(dictionaries[lang][key] ?? dictionaries.en[key] ?? key, vars);
}

/** A value from the server (status, source, channel…) in words, or the value itself when it is new to us. */
export function translateValue(lang: Language, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const key = `${prefix}.${value}`;
  return key in dictionaries[lang] ? dictionaries[lang][key as MessageKey] : value;
}

/** The first of the browser's preferred languages we speak; Bahasa Indonesia otherwise (the product's first language). */
export function detectLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === "id" || base === "in" || base === "ms") return "id";
    if (base === "en") return "en";
  }
  return "id";
}

export function localeOf(lang: Language): string {
  return lang === "id" ? "id-ID" : "en-US";
}

/** The language to start with: the remembered choice, else the browser's. */
export function initialLanguage(storage: Storage | undefined, nav: Pick<Navigator, "language" | "languages"> | undefined): Language {
  try {
    const stored = storage?.getItem(LANGUAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage blocked: fall through to the browser's language.
  }
  const preferred = nav ? (nav.languages?.length ? nav.languages : [nav.language]) : [];
  return detectLanguage(preferred.filter(Boolean));
}
