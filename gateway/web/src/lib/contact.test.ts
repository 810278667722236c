import { describe, expect, it } from "vitest";
import { mailtoHref, telHref, toE164, whatsAppHref } from "./contact";

describe("phone links", () => {
  it("turns local Indonesian numbers into +62", () => {
    expect(toE164("0812-3456-7890")).toBe("+6281234567890");
    expect(toE164("62 812 3456 7890")).toBe("+6281234567890");
    expect(toE164("+62 812-3456-7890")).toBe("+6281234567890");
    expect(toE164("+1 (555) 010-9999")).toBe("+15550109999");
    expect(toE164("12")).toBeNull();
    expect(toE164(null)).toBeNull();
  });

  it("builds tel: and WhatsApp click-to-chat links", () => {
    expect(telHref("0812-3456-7890")).toBe("tel:+6281234567890");
    expect(whatsAppHref("0812-3456-7890", "Halo Budi, soal billboard")).toBe(
      "https://wa.me/6281234567890?text=Halo%20Budi%2C%20soal%20billboard",
    );
    expect(whatsAppHref("0812-3456-7890")).toBe("https://wa.me/6281234567890");
    expect(whatsAppHref("")).toBeNull();
  });

  it("builds mailto: links with subject and body", () => {
    expect(mailtoHref("budi@tokoabc.co.id", "Penawaran", "Halo & salam")).toBe(
      "mailto:budi@tokoabc.co.id?subject=Penawaran&body=Halo%20%26%20salam",
    );
    expect(mailtoHref("not-an-email")).toBeNull();
  });
});
