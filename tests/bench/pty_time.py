"""Times `argv` from exec to exit, N times, inside a fresh pseudo-terminal (120x40).

Prints one line of milliseconds per run. Used by the start-up benchmark: script(1) polls its
pty in ~20 ms steps, too coarse to time a 30 ms goal.
"""
import fcntl, os, struct, subprocess, sys, termios, time

def once(argv):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.set_blocking(master, False)
    while p.poll() is None:
        try:
            os.read(master, 65536)
        except BlockingIOError:
            time.sleep(0.0002)
    ms = (time.perf_counter() - t) * 1e3
    os.close(master); os.close(slave)
    if p.returncode != 0:
        sys.exit(f"{argv} exited {p.returncode}")
    return ms

n = int(sys.argv[1])
for _ in range(n):
    print(f"{once(sys.argv[2:]):.3f}", flush=True)
