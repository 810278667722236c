import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import {
  type Language,
  LANGUAGE_KEY,
  type MessageKey,
  type Vars,
  initialLanguage,
  translate,
  translateValue,
} from "./dictionary";
import * as format from "./format";

export interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** A server value (status, source…) in words: tv("status", "won"). */
  tv: (prefix: string, value: string | null | undefined) => string;
  money: (value: number | null | undefined, currency?: string) => string;
  number: (value: number | null | undefined, digits?: number) => string;
  percent: (value: number | null | undefined) => string;
  dateTime: (value: string | null | undefined, timeZone?: string) => string;
  date: (value: string | null | undefined) => string;
  relative: (value: string | null | undefined) => string;
  duration: (seconds: number | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(() =>
    initialLanguage(globalThis.localStorage, globalThis.navigator),
  );

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Language) => {
    setLangState(next);
    try {
      localStorage.setItem(LANGUAGE_KEY, next);
    } catch {
      // Not remembered, but switched for this visit.
    }
  }, []);

  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      tv: (prefix, v) => translateValue(lang, prefix, v),
      money: (v, currency) => format.formatMoney(v, lang, currency),
      number: (v, digits) => format.formatNumber(v, lang, digits),
      percent: (v) => format.formatPercent(v, lang),
      dateTime: (v, timeZone) => format.formatDateTime(v, lang, timeZone),
      date: (v) => format.formatDate(v, lang),
      relative: (v) => format.formatRelative(v, lang),
      duration: (s) => format.formatDuration(s, lang),
    }),
    [lang, setLang],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
