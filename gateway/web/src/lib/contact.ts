/**
 * Indonesian phone numbers in E.164: "0812-3456-7890" → "+6281234567890", "62812…" → "+62812…", "+1 555…" kept.
 * Null when there are too few digits to dial.
 */
export function toE164(phone: string | null | undefined, countryCode = "62"): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length < 6) return null;
  if (trimmed.startsWith("+")) return `+${digits}`;
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.startsWith("0")) return `+${countryCode}${digits.slice(1)}`;
  if (digits.startsWith(countryCode)) return `+${digits}`;
  return `+${countryCode}${digits}`;
}

export function telHref(phone: string | null | undefined): string | null {
  const e164 = toE164(phone);
  return e164 ? `tel:${e164}` : null;
}

/** WhatsApp click-to-chat: https://wa.me/<digits>?text=<message>. */
export function whatsAppHref(phone: string | null | undefined, text?: string | null): string | null {
  const e164 = toE164(phone);
  if (!e164) return null;
  const query = text ? `?text=${encodeURIComponent(text)}` : "";
  return `https://wa.me/${e164.slice(1)}${query}`;
}

export function mailtoHref(email: string | null | undefined, subject?: string | null, body?: string | null): string | null {
  if (!email || !email.includes("@")) return null;
  const params: string[] = [];
  if (subject) params.push(`subject=${encodeURIComponent(subject)}`);
  if (body) params.push(`body=${encodeURIComponent(body)}`);
  return `mailto:${encodeURIComponent(email).replace(/%40/g, "@")}${params.length ? `?${params.join("&")}` : ""}`;
}
