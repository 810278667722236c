/**
 * A rupiah amount as typed: "50000000", "50.000.000", "50,000,000", "Rp 50.000.000" or "50.000.000,00" → 50000000.
 * Separators are ignored (rupiah has no cents in practice); a trailing 1–2 digit fraction is dropped. Null when empty
 * or not a number.
 */
export function parseRupiah(text: string): number | null {
  const trimmed = text.trim().replace(/[.,]\d{1,2}$/, "");
  if (!trimmed) return null;
  if (/[^\d\s.,rRpPiIdDR]/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  if (!digits) return null;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}
