import type { AdClick } from "../api/types";

/** The ad platform names as their users know them; the server sends google, meta, tiktok or microsoft. */
const PLATFORMS: Record<string, string> = { google: "Google Ads", meta: "Meta", tiktok: "TikTok", microsoft: "Microsoft Ads" };

/** Which click ids a touch carries, by the names the platforms' tools use ("ctwa_clid", "gclid", …). */
const CLICK_IDS: [keyof AdClick, string][] = [
  ["gclid", "gclid"], ["gbraid", "gbraid"], ["wbraid", "wbraid"], ["fbclid", "fbclid"], ["fbc", "_fbc"], ["fbp", "_fbp"],
  ["ctwaClid", "ctwa_clid"], ["ttclid", "ttclid"], ["msclkid", "msclkid"],
];

/**
 * One line for the ad a touch came from: "Meta · ctwa_clid · “Billboard Sudirman”". Null when the touch had no click.
 */
export function describeAd(click: AdClick | null | undefined, platform: string | null | undefined): string | null {
  if (!click) return null;
  const ids = CLICK_IDS.filter(([field]) => click[field]).map(([, name]) => name);
  const parts = [platform ? (PLATFORMS[platform] ?? platform) : null, ids.join(", ") || null, click.headline ? `“${click.headline}”` : null];
  const line = parts.filter(Boolean).join(" · ");
  return line || (click.sourceId ? `ad ${click.sourceId}` : null);
}

/** The ad's own URL, only when it is http(s) (the server checks this too). */
export function adHref(click: AdClick | null | undefined): string | null {
  const url = click?.sourceUrl;
  return url && /^https?:\/\//i.test(url) ? url : null;
}
