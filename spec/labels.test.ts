import { afterEach, describe, expect, it } from "vitest";
import { containerName, containerShortName, defaultImageName, oneOffName, useCompatibilityNames } from "./labels.js";

describe("engine names", () => {
  afterEach(() => useCompatibilityNames(false));

  it("joins with `-` (Compose v2) and with `_` in compatibility mode (docker-compose v1)", () => {
    expect([containerName("shop", "web", 2), oneOffName("shop", "web", "0123456789abcdef"), defaultImageName("shop", "web")]).toEqual([
      "shop-web-2",
      "shop-web-run-0123456789ab",
      "shop-web",
    ]);
    useCompatibilityNames(true);
    expect([containerName("shop", "web", 2), oneOffName("shop", "web", "0123456789abcdef"), defaultImageName("shop", "web")]).toEqual([
      "shop_web_2",
      "shop_web_run_0123456789ab",
      "shop_web",
    ]);
  });

  it("shortens only the mode's own default name in log prefixes", () => {
    expect(containerShortName("my-shop", "web", 1, "my-shop-web-1")).toBe("web-1");
    expect(containerShortName("my-shop", "web", 1, "my-shop_web_1")).toBe("my-shop_web_1");
    expect(containerShortName("my-shop", "web", 1, "custom")).toBe("custom");
    useCompatibilityNames(true);
    expect(containerShortName("my-shop", "web", 1, "my-shop_web_1")).toBe("web_1");
  });
});
