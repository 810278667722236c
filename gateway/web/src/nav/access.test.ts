import { describe, expect, it } from "vitest";
import { can, canSee, homePath, navFor } from "./access";

const testIds = (role: string) => navFor(role).map((item) => item.testId);

describe("navigation per role", () => {
  it("gives a sales rep My day and Leads", () => {
    expect(testIds("sales_rep")).toEqual(["nav-my-day", "nav-leads"]);
  });

  it("gives a sales manager Leads, Team and Marketing", () => {
    expect(testIds("sales_manager")).toEqual(["nav-leads", "nav-team", "nav-marketing"]);
  });

  it("gives marketing Leads and Marketing", () => {
    expect(testIds("marketing")).toEqual(["nav-leads", "nav-marketing"]);
  });

  it("gives an admin everything", () => {
    expect(testIds("admin")).toEqual(["nav-my-day", "nav-leads", "nav-team", "nav-marketing"]);
  });

  it("gives an unknown role nothing", () => {
    expect(navFor("capture_tool")).toEqual([]);
    expect(navFor(null)).toEqual([]);
    expect(homePath("capture_tool")).toBe("/login");
  });

  it("guards screens the menu does not show", () => {
    expect(canSee("sales_rep", "team")).toBe(false);
    expect(canSee("sales_rep", "marketing")).toBe(false);
    expect(canSee("marketing", "team")).toBe(false);
    expect(canSee("marketing", "my-day")).toBe(false);
    expect(canSee("sales_manager", "my-day")).toBe(false);
    expect(canSee("sales_manager", "team")).toBe(true);
  });

  it("lands each role on its first screen", () => {
    expect(homePath("sales_rep")).toBe("/my-day");
    expect(homePath("sales_manager")).toBe("/leads");
    expect(homePath("marketing")).toBe("/leads");
    expect(homePath("admin")).toBe("/my-day");
  });

  it("mirrors who may change what", () => {
    expect(can.workLeads("marketing")).toBe(false);
    expect(can.workLeads("sales_rep")).toBe(true);
    expect(can.reassign("sales_rep")).toBe(false);
    expect(can.reassign("sales_manager")).toBe(true);
    expect(can.approveModels("admin")).toBe(false);
    expect(can.approveModels("marketing")).toBe(true);
    expect(can.manageApiKeys("sales_manager")).toBe(false);
    expect(can.manageApiKeys("admin")).toBe(true);
  });
});
