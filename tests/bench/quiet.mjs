// Waits until the browser is idle before a measured navigation.
//
// Each new browser context opens a new window, and headless Chromium (the full browser since
// Chromium 132) then starts a "top-chrome WebUI" renderer for that window's own interface. It
// spends ~0.6 s of CPU, and the browser process ~0.3 s, in the second after the context is
// made (seen with `SystemInfo.getProcessInfo` and in `perf sched` on this 2-core machine). A
// page navigated to in that second shares the cores with Chromium's interface, which a
// person clicking a link in a browser that is already open does not. So the benches that
// time a page load in a fresh context call `quiet` between making the context and the
// measured navigation: the context and its empty caches stay as they were.
//
//   BENCH_QUIET=0 skips the wait (to measure as the benches did before the twenty-sixth
//   session, with Chromium's interface still loading).

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves when the CPU time of all the browser's processes, summed, has grown by at most
 * 10 ms (one tick of `getProcessInfo`'s clock) in each of two consecutive 100 ms spans, or
 * after `timeout` ms. Returns how long it waited, in ms.
 */
export async function quiet(browser, timeout = 5000) {
  if (process.env.BENCH_QUIET === '0') return 0;
  const cdp = await browser.newBrowserCDPSession();
  const cpu = async () => (await cdp.send('SystemInfo.getProcessInfo')).processInfo
    .reduce((sum, p) => sum + p.cpuTime, 0);
  const start = performance.now();
  let last = await cpu();
  let calm = 0;
  while (calm < 2 && performance.now() - start < timeout) {
    await sleep(100);
    const now = await cpu();
    calm = now - last <= 0.0105 ? calm + 1 : 0;
    last = now;
  }
  await cdp.detach();
  return performance.now() - start;
}
