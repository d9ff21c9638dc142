// The package ships no types: the part of its output the export tests read.
declare module 'parse-prometheus-text-format' {
	type Sample = {readonly labels?: Record<string, string>; readonly value: string; readonly timestamp_ms?: string};
	type Family = {readonly name: string; readonly help: string; readonly type: string; readonly metrics: readonly Sample[]};
	export default function parsePrometheusTextFormat(text: string): Family[];
}
