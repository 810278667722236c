import { type Language, localeOf } from "./dictionary";

// Intl formatters are costly to build and these run for every table cell: keep one per option set.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

export const DASH = "—";

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Money in the chosen language's conventions: id → "Rp 50.000.000", en → "IDR 50,000,000". Rupiah has no cents in practice. */
export function formatMoney(value: number | null | undefined, lang: Language, currency = "IDR"): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  const digits = currency === "IDR" ? 0 : 2;
  const format = cached(`money|${lang}|${currency}`, () =>
    new Intl.NumberFormat(localeOf(lang), { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ) as Intl.NumberFormat;
  return format.format(value);
}

export function formatNumber(value: number | null | undefined, lang: Language, maximumFractionDigits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  const format = cached(`number|${lang}|${maximumFractionDigits}`, () =>
    new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits }),
  ) as Intl.NumberFormat;
  return format.format(value);
}

/** A fraction 0–1 as a percentage; null (no denominator) as a dash. */
export function formatPercent(value: number | null | undefined, lang: Language): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  const format = cached(`percent|${lang}`, () =>
    new Intl.NumberFormat(localeOf(lang), { style: "percent", maximumFractionDigits: 1 }),
  ) as Intl.NumberFormat;
  return format.format(value);
}

/** Date and time, e.g. id "23 Nov 2026, 08.15" / en "Nov 23, 2026, 8:15 AM". timeZone defaults to the device's. */
export function formatDateTime(value: string | number | Date | null | undefined, lang: Language, timeZone?: string): string {
  const date = toDate(value);
  if (!date) return DASH;
  const format = cached(`datetime|${lang}|${timeZone ?? ""}`, () =>
    new Intl.DateTimeFormat(localeOf(lang), { dateStyle: "medium", timeStyle: "short", timeZone }),
  ) as Intl.DateTimeFormat;
  return format.format(date);
}

export function formatDate(value: string | number | Date | null | undefined, lang: Language, timeZone?: string): string {
  const date = toDate(value);
  if (!date) return DASH;
  const format = cached(`date|${lang}|${timeZone ?? ""}`, () =>
    new Intl.DateTimeFormat(localeOf(lang), { dateStyle: "medium", timeZone }),
  ) as Intl.DateTimeFormat;
  return format.format(date);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.34524],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "in 5 minutes" / "2 jam yang lalu": how far `value` is from `now`, in the largest whole unit. */
export function formatRelative(value: string | number | Date | null | undefined, lang: Language, now: number = Date.now()): string {
  const date = toDate(value);
  if (!date) return DASH;
  let amount = (date.getTime() - now) / 1000;
  const format = cached(`relative|${lang}`, () =>
    new Intl.RelativeTimeFormat(localeOf(lang), { numeric: "auto" }),
  ) as Intl.RelativeTimeFormat;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), "year");
}

/** A duration in seconds in its largest sensible units: "45 dtk", "12 min", "3 h 20 min", "2 d 4 h". */
export function formatDuration(seconds: number | null | undefined, lang: Language): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return DASH;
  const s = Math.max(0, Math.floor(seconds));
  const unit = (value: number, u: "second" | "minute" | "hour" | "day") =>
    (
      cached(`unit|${lang}|${u}`, () =>
        new Intl.NumberFormat(localeOf(lang), { style: "unit", unit: u, unitDisplay: "short" }),
      ) as Intl.NumberFormat
    ).format(value);
  if (s < 60) return unit(s, "second");
  if (s < 3600) return unit(Math.floor(s / 60), "minute");
  if (s < 86_400) {
    const minutes = Math.floor((s % 3600) / 60);
    return minutes ? `${unit(Math.floor(s / 3600), "hour")} ${unit(minutes, "minute")}` : unit(Math.floor(s / 3600), "hour");
  }
  const hours = Math.floor((s % 86_400) / 3600);
  return hours ? `${unit(Math.floor(s / 86_400), "day")} ${unit(hours, "hour")}` : unit(Math.floor(s / 86_400), "day");
}
