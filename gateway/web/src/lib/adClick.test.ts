import { describe, expect, it } from "vitest";
import { adHref, describeAd } from "./adClick";

describe("describeAd", () => {
  it("names the platform, the click ids and the headline of a click-to-WhatsApp ad", () => {
    expect(describeAd({ ctwaClid: "ARAk", headline: "Billboard Sudirman", sourceId: "1202" }, "meta")).toBe(
      "Meta · ctwa_clid · “Billboard Sudirman”",
    );
  });

  it("lists every click id a touch carries, with Meta's cookie names", () => {
    expect(describeAd({ fbclid: "IwAR", fbc: "fb.1.1554763741205.IwAR", fbp: "fb.1.1596403881668.1116446470" }, "meta")).toBe(
      "Meta · fbclid, _fbc, _fbp",
    );
    expect(describeAd({ gclid: "Cj0K" }, "google")).toBe("Google Ads · gclid");
  });

  it("falls back to the ad's id, and is null without a click", () => {
    expect(describeAd({ sourceId: "1202" }, null)).toBe("ad 1202");
    expect(describeAd(null, null)).toBeNull();
  });
});

describe("adHref", () => {
  it("links only http(s) URLs", () => {
    expect(adHref({ sourceUrl: "https://fb.me/3abc" })).toBe("https://fb.me/3abc");
    expect(adHref({ sourceUrl: "javascript:alert(1)" })).toBeNull();
  });
});
