#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal of a given size and measures it from the outside.

Used by bench/ui.ts:  pty.py COLS ROWS SECONDS FRAME_END [--setup KEYS] [--latency KEYS] [--rss-tail SECONDS] -- command [args...]

  --setup KEYS    typed after the first frame (Python escapes: \\r is Enter), then 1 s to settle, before the window
  --latency KEYS  typed one at a time after the setup, each once the screen is quiet: keyToFrameMs lists, per key,
                  the time from writing it to the last byte of the output burst it caused
  --rss-tail S    steadyRssMb: the median VmRSS, read about once a second over the window's last S seconds

Prints one JSON object:
  firstFrameMs   process start (fork) to the last byte of the first output burst that contains FRAME_END
                 (text of the frame's last line: the frame is whole then, however many lines it has),
                 a burst being output followed by 50 ms without any; null if none came within 15 s
  cpuPct         utime+stime (+ reaped children) over the SECONDS-long window that starts at the first
                 frame, as % of one core; ownCpuPct the process alone (utime+stime), childrenCpuPct its
                 reaped children alone (cutime+cstime: a perf it ran and waited for)
  peakRssMb      VmHWM just before the process is stopped (MiB)
  bytesPerSec    bytes written to the terminal in that window, per second
  totalBytes     everything written, first frame included
  exitCode       after SIGTERM at the end of the window (None if it had to be killed)
"""
import codecs
import fcntl
import json
import os
import select
import signal
import struct
import sys
import termios
import time

QUIET_S = 0.05
FIRST_FRAME_TIMEOUT_S = 15.0
CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


def cpu_split(pid):
    """(utime+stime, cutime+cstime) in clock ticks."""
    with open(f'/proc/{pid}/stat') as stat:
        # The command name may contain spaces and parentheses: fields start after the last ')'.
        fields = stat.read().rsplit(')', 1)[1].split()
    # utime, stime, cutime, cstime are fields 14-17 of proc(5); fields[0] here is field 3.
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def status_mb(pid, field):
    """A kB line of /proc/PID/status (VmHWM, VmRSS) in MiB."""
    with open(f'/proc/{pid}/status') as status:
        for line in status:
            if line.startswith(field + ':'):
                return int(line.split()[1]) / 1024
    return None


def spawn(command, cols, rows):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for descriptor in (0, 1, 2):
            os.dup2(slave, descriptor)
        if slave > 2:
            os.close(slave)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    os.close(slave)
    return pid, master, started


def read_available(master, timeout):
    """Bytes the program wrote within `timeout` s; b'' on timeout; None when the terminal closed."""
    ready, _, _ = select.select([master], [], [], timeout)
    if not ready:
        return b''
    try:
        data = os.read(master, 65536)
    except OSError:
        return None
    return data if data else None


def stop(pid, master):
    """Exit code after SIGTERM (draining the terminal meanwhile), or None if it needed SIGKILL after 3 s."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + 3
    open_terminal = True
    while time.monotonic() < deadline:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if finished:
            return os.waitstatus_to_exitcode(status)
        if open_terminal:
            open_terminal = read_available(master, 0.05) is not None
        else:
            time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def drain(master, seconds):
    """Reads for `seconds`; the bytes read."""
    deadline = time.monotonic() + seconds
    total = 0
    while time.monotonic() < deadline:
        data = read_available(master, max(0.0, min(0.05, deadline - time.monotonic())))
        if data is None:
            break
        total += len(data)
    return total


def key_latencies(master, keys):
    """Per key: ms from writing it to the last byte of the burst it caused (output, then 50 ms quiet)."""
    latencies = []
    for key in keys:
        drain(master, 0.2)
        written = time.monotonic()
        os.write(master, key.encode())
        last = None
        while True:
            data = read_available(master, QUIET_S)
            if data is None:
                return latencies
            if data:
                last = time.monotonic()
                continue
            if last is not None or time.monotonic() - written > 2:
                break
        if last is not None:
            latencies.append((last - written) * 1000)
    return latencies


def main():
    cols, rows, seconds = (int(value) for value in sys.argv[1:4])
    frame_end = sys.argv[4].encode()
    separator = sys.argv.index('--')
    options = sys.argv[5:separator]
    setup = codecs.decode(options[options.index('--setup') + 1], 'unicode_escape') if '--setup' in options else ''
    latency_keys = codecs.decode(options[options.index('--latency') + 1], 'unicode_escape') if '--latency' in options else ''
    rss_tail = float(options[options.index('--rss-tail') + 1]) if '--rss-tail' in options else None
    rss_samples = []
    next_rss_at = None
    command = sys.argv[separator + 1:]
    latencies = None
    pid, master, started = spawn(command, cols, rows)
    total_bytes = 0
    window_bytes = 0
    first_frame_at = None
    window_end = None
    cpu_at_first_frame = None
    burst = bytearray()
    last_output_at = None
    closed = False

    while True:
        now = time.monotonic()
        if window_end is not None and now >= window_end:
            break
        if rss_tail is not None and window_end is not None and now >= window_end - rss_tail and (next_rss_at is None or now >= next_rss_at):
            rss_samples.append(status_mb(pid, 'VmRSS'))
            next_rss_at = now + 1.0
        if first_frame_at is None and now - started > FIRST_FRAME_TIMEOUT_S:
            break
        data = read_available(master, QUIET_S if first_frame_at is None else min(0.2, max(0.0, window_end - now)))
        now = time.monotonic()
        if data is None:
            closed = True
            break
        if data:
            total_bytes += len(data)
            if first_frame_at is None:
                if last_output_at is not None and now - last_output_at >= QUIET_S:
                    burst.clear()
                burst += data
                last_output_at = now
            elif now <= window_end:
                window_bytes += len(data)
            continue
        # Quiet for 50 ms: did the burst that just ended paint a whole frame?
        if first_frame_at is None and last_output_at is not None and frame_end in burst:
            first_frame_at = last_output_at
            if setup:
                os.write(master, setup.encode())
                total_bytes += drain(master, 1.0)
            if latency_keys:
                latencies = key_latencies(master, latency_keys)
            window_end = time.monotonic() + seconds
            window_started = time.monotonic()
            cpu_at_first_frame = cpu_split(pid)
        elif first_frame_at is None and last_output_at is not None:
            burst.clear()

    result = {'keyToFrameMs': latencies, 'firstFrameMs': None, 'cpuPct': None, 'ownCpuPct': None, 'childrenCpuPct': None, 'peakRssMb': None, 'steadyRssMb': None, 'bytesPerSec': None, 'totalBytes': total_bytes, 'exitCode': None, 'closedEarly': closed}
    if not closed:
        result['peakRssMb'] = status_mb(pid, 'VmHWM')
        if first_frame_at is not None:
            elapsed = time.monotonic() - window_started
            own, children = cpu_split(pid)
            result['firstFrameMs'] = (first_frame_at - started) * 1000
            result['ownCpuPct'] = (own - cpu_at_first_frame[0]) / CLOCK_TICKS / elapsed * 100
            result['childrenCpuPct'] = (children - cpu_at_first_frame[1]) / CLOCK_TICKS / elapsed * 100
            result['cpuPct'] = result['ownCpuPct'] + result['childrenCpuPct']
            result['bytesPerSec'] = window_bytes / elapsed
            samples = sorted(sample for sample in rss_samples if sample is not None)
            if samples:
                result['steadyRssMb'] = samples[len(samples) // 2]

    result['exitCode'] = stop(pid, master)
    os.close(master)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
