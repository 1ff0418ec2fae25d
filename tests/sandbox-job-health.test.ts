import { JobHealthRecorder, SANDBOX_DISABLE_AFTER_DROPPED_BATCHES } from "../components/sandbox/job-health";

describe("the job's health as the Logpush emulator keeps it", () => {
  const clock = () => {
    let t = Date.parse("2026-11-29T12:00:00Z");
    return () => new Date((t += 1000));
  };

  it("a success sets last_complete and clears last_error (Cloudflare's schema: null once pushed since)", () => {
    const h = new JobHealthRecorder(true, 3, clock());
    h.failed("HTTP 503");
    h.delivered();
    expect(h.fields).toEqual({
      enabled: true,
      last_complete: "2026-11-29T12:00:02.000Z",
      last_error: null,
      error_message: "HTTP 503",
    });
  });

  it(`disables the job at the ${SANDBOX_DISABLE_AFTER_DROPPED_BATCHES}rd dropped batch in a row, not before`, () => {
    const h = new JobHealthRecorder(true);
    for (let i = 1; i < SANDBOX_DISABLE_AFTER_DROPPED_BATCHES; i++) h.dropped();
    expect(h.fields.enabled).toBe(true);
    h.dropped();
    expect(h.fields.enabled).toBe(false);
  });

  it("a success in between starts the count again", () => {
    const h = new JobHealthRecorder(true, 2);
    h.dropped();
    h.delivered();
    h.dropped();
    expect(h.fields.enabled).toBe(true);
    h.dropped();
    expect(h.fields.enabled).toBe(false);
  });
});
