/** The cache behind user agents and domain parts stays bounded and keeps what is in use. */
import { BoundedCache } from "../components/normaliser/cache";

describe("BoundedCache", () => {
  it("never holds more than twice its capacity, however many values pass", () => {
    const cache = new BoundedCache<string, number>(100);
    for (let i = 0; i < 10_000; i++) cache.set(`ua-${i}`, i);
    expect(cache.size).toBeLessThanOrEqual(200);
  });

  it("keeps a value that keeps being used while new values stream past", () => {
    const cache = new BoundedCache<string, number>(100);
    cache.set("popular", 1);
    for (let i = 0; i < 10_000; i++) {
      cache.set(`rare-${i}`, i);
      expect(cache.get("popular")).toBe(1);
    }
    expect(cache.get("rare-0")).toBeUndefined();
  });

  it("computes a missing value once", () => {
    const cache = new BoundedCache<string, string>(10);
    let calls = 0;
    const compute = (key: string) => {
      calls++;
      return key.toUpperCase();
    };
    expect([cache.getOrCompute("a", compute), cache.getOrCompute("a", compute)]).toEqual(["A", "A"]);
    expect(calls).toBe(1);
  });
});
