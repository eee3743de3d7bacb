"""Times `argv` from exec to exit, N times, inside a fresh pseudo-terminal (120x40).

Prints one line of milliseconds per run. Used by the start-up benchmark: script(1) polls its
pty in ~20 ms steps, too coarse to time a 30 ms goal.

With PTY_TIME_RSS=1 each line is "ms peak_rss_kib". With PTY_TIME_UNTIL=TEXT the clock stops
when TEXT first appears in the output; the program then gets SIGHUP (its peak RSS is still
measured up to its exit).
"""
import fcntl, os, signal, struct, subprocess, sys, termios, time

RSS = os.environ.get("PTY_TIME_RSS") == "1"
UNTIL = os.environ.get("PTY_TIME_UNTIL", "").encode()

def once(argv):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    env.pop("PTY_TIME_RSS", None); env.pop("PTY_TIME_UNTIL", None)
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.set_blocking(master, False)
    seen = b""
    ms = None
    while True:
        if time.perf_counter() - t > 120:
            p.kill()
            sys.exit(f"{argv} did not finish (or print {UNTIL!r}) within 120 s")
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        try:
            chunk = os.read(master, 65536)
            if UNTIL and ms is None:
                seen = (seen + chunk)[-(len(UNTIL) + 65536):]
                if UNTIL in seen:
                    ms = (time.perf_counter() - t) * 1e3
                    os.kill(p.pid, signal.SIGHUP)
        except BlockingIOError:
            time.sleep(0.0002)
    if ms is None:
        if UNTIL:
            sys.exit(f"{argv} exited before printing {UNTIL!r}")
        ms = (time.perf_counter() - t) * 1e3
    os.close(master); os.close(slave)
    code = os.waitstatus_to_exitcode(status)
    if code != 0 and not UNTIL:
        sys.exit(f"{argv} exited {code}")
    return ms, ru.ru_maxrss

n = int(sys.argv[1])
for _ in range(n):
    ms, rss = once(sys.argv[2:])
    print(f"{ms:.3f} {rss}" if RSS else f"{ms:.3f}", flush=True)
