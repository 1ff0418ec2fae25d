/**
 * Preloaded (`node --require`) into the scripts the bench times: reports the
 * process's CPU time on standard error at exit. On a shared machine, CPU time
 * is steadier than wall-clock time, which counts time spent waiting for a core.
 */
process.on("exit", () => {
  const usage = process.cpuUsage();
  process.stderr.write(`cpu ${((usage.user + usage.system) / 1000).toFixed(0)} ms\n`);
});
