import {defaults} from './defaults.js';

function list(values: readonly number[]): string {
	return `[${values.join(', ')}]`;
}

/**
 * The file `perftop config init` writes: every option with its default and what it does.
 * Options without a default (interval, probes, exporter, tracing endpoint) are shown commented out,
 * so the file loads to exactly the defaults.
 */
export function renderDefaultConfig(): string {
	return `# perftop configuration. Command-line flags override what is set here.
# Check it with: perftop config check
# Durations: a number of seconds, or 500ms, 10s, 5m, 2h, 7d, 2w. Sizes: 500MB, 1GB, 2GiB.

# Seconds between samples. Unset: 1 s in the dashboard, 10 s when recording headless.
# interval: 1s

retention:
  raw: ${defaults.retention.raw}          # keep every sample this long
  rollups: ${defaults.retention.rollups}     # keep one-minute rollups this long
  maxSize: ${defaults.retention.maxSize}     # beyond this database size the oldest data goes first
  processes: ${defaults.retention.processes}      # each tick keeps the top this many processes by CPU, by memory and by I/O

# Alert thresholds, in % of capacity; responseTimeMs applies to every probe target's p95.
thresholds:
  cpu: ${defaults.thresholds.cpu}
  memory: ${defaults.thresholds.memory}
  filesystem: ${defaults.thresholds.filesystem}
  responseTimeMs: ${defaults.thresholds.responseTimeMs}

# Severity score: a value above each of the three numbers scores 1, 2 and 3 points.
# utilization in %, saturation on the normalised 0-10+ scale, errors as an error rate in %.
severity:
  utilization: ${list(defaults.severity.utilization)}
  saturation: ${list(defaults.severity.saturation)}
  errors: ${list(defaults.severity.errors)}

# Which devices to show: names or patterns with * and ?. An empty include list means all but lo,
# loop/ram/zram disks and tmpfs mounts; a non-empty one alone decides for its kind (interfaces: [lo, eth0]).
include:
  disks: []         # e.g. [sda, nvme*]
  interfaces: []    # e.g. [eth0]
  mounts: []        # e.g. [/, /var]
exclude:
  disks: []
  interfaces: []
  mounts: []

reporting:
  daily: ${defaults.reporting.daily}      # write a report for each day
  # folder: /var/lib/perftop/reports   # where daily reports and the dashboard's s and S write;
  #                                    # unset: reports/ in perftop's state folder (~/.local/state/perftop/reports)

# HTTP endpoints to probe for rate, errors and duration. Only http: and https: URLs.
# Defaults: method ${defaults.probe.method}, expectStatus any status below 400,
# intervalSeconds ${defaults.probe.intervalSeconds}, timeoutSeconds ${defaults.probe.timeoutSeconds} (the whole probe, redirects included).
probes: []
# probes:
#   - name: api
#     url: https://api.example.com/health
#     method: GET
#     expectStatus: 200           # or a list: [200, 204]
#     intervalSeconds: ${defaults.probe.intervalSeconds}
#     timeoutSeconds: ${defaults.probe.timeoutSeconds}

# Prometheus endpoint for \`perftop serve\`. Unset: none.
exporter: {}
# exporter:
#   prometheus:
#     port: 9464
#     host: ${defaults.prometheus.host}

# OpenTelemetry: every probe becomes a span sent over OTLP/HTTP to <otlpEndpoint>/v1/traces.
tracing:
  serviceName: ${defaults.tracing.serviceName}
  # otlpEndpoint: http://127.0.0.1:4318

# The dashboard. theme: default (the terminal's own 16 colours), light, high-contrast, mono, or
# gradient (256 colours, 24-bit where COLORTERM says so; gradient charts). NO_COLOR still wins.
# graph: line or braille (2x4 dots a cell). mouse: click to focus and select, wheel to scroll.
ui:
  theme: ${defaults.ui.theme}
  graph: ${defaults.ui.graph}
  mouse: ${defaults.ui.mouse}

# Keys: a command's keys replace its defaults; \`?\` in the dashboard lists the commands and their keys.
# Key names: a character, space, enter, esc, tab, shift+tab, backspace, up, down, left, right,
# pageup, pagedown, home, end, f1 to f12, ctrl+<letter>.
keys: {}
# keys:
#   quit: [q, ctrl+c]
#   report: S
`;
}
