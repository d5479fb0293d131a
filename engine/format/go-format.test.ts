import { describe, expect, it } from "vitest";
import { formatFixed, formatG } from "./go-format.js";

describe("Go's float formatting", () => {
  it("%.2f rounds exact ties half to even and everything else by the exact value", () => {
    expect(formatFixed(0.125, 2)).toBe("0.12");
    expect(formatFixed(0.375, 2)).toBe("0.38");
    // Not ties: the doubles are a hair below (2.675, 1.005) or above (0.005) the decimal.
    expect(formatFixed(2.675, 2)).toBe("2.67");
    expect(formatFixed(1.005, 2)).toBe("1.00");
    expect(formatFixed(0.005, 2)).toBe("0.01");
    expect(formatFixed(0.004, 2)).toBe("0.00");
    expect(formatFixed(0.09765625, 2)).toBe("0.10");
    expect(formatFixed(99.999, 2)).toBe("100.00");
    expect(formatFixed(10, 2)).toBe("10.00");
    expect(formatFixed(0, 2)).toBe("0.00");
    expect(formatFixed(123456789.5, 0)).toBe("123456790");
  });

  it("%.Ng keeps N significant digits, drops trailing zeros, and uses an exponent from 10^N up", () => {
    expect(formatG(2, 3)).toBe("2");
    expect(formatG(648, 3)).toBe("648");
    expect(formatG(1.048576, 3)).toBe("1.05");
    expect(formatG(4.096, 3)).toBe("4.1");
    expect(formatG(999.7, 3)).toBe("1e+03");
    expect(formatG(1023.99, 4)).toBe("1024");
    expect(formatG(1023.99, 3)).toBe("1.02e+03");
    expect(formatG(0.5, 4)).toBe("0.5");
    expect(formatG(0.0001234, 3)).toBe("0.000123");
    expect(formatG(0.00001234, 3)).toBe("1.23e-05");
    expect(formatG(1.0625, 4)).toBe("1.062");
    expect(formatG(1.1875, 4)).toBe("1.188");
    expect(formatG(0, 4)).toBe("0");
  });
});
