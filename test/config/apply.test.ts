import {describe, expect, it} from 'vitest';
import {deviceSelection, isIncluded, retentionPolicy, thresholdOverrides} from '../../source/config/apply.js';
import {parseConfigText} from '../../source/config/parse.js';
import {resolveThresholds} from '../../source/analyze/severity.js';

describe('isIncluded', () => {
	it.each([
		['sda', [], [], true],
		['sda', ['sda'], [], true],
		['sdb', ['sda'], [], false],
		['nvme0n1', ['nvme*'], [], true],
		['loop3', [], ['loop*'], false],
		['sda', ['sd?'], ['sda'], false],
		['sd.a', ['sd?a'], [], true],
		['sdxa', ['sd.a'], [], false],
		['/var/lib', ['/var/*'], [], true],
	] as const)('%s include %j exclude %j → %s', (name, include, exclude, expected) => {
		expect(isIncluded(name, include, exclude)).toBe(expected);
	});
});

describe('deviceSelection', () => {
	it('skips loopback, virtual disks and tmpfs while no include list of their kind is given', () => {
		const {config} = parseConfigText('exclude:\n  disks: [sdb]\n');
		expect(deviceSelection(config)).toEqual({includeLoopback: false, includeVirtualDisks: false, includeTmpfs: false});
	});

	it('lets an include list decide alone for its kind', () => {
		const {config} = parseConfigText('include:\n  interfaces: [lo, eth0]\n  mounts: [/dev/shm]\n');
		expect(deviceSelection(config)).toEqual({includeLoopback: true, includeVirtualDisks: false, includeTmpfs: true});
	});
});

describe('mapping onto the analysis and the store', () => {
	const {config} = parseConfigText('severity:\n  utilization: [50, 70, 90]\nretention:\n  raw: 2d\n  rollups: 30d\n  maxSize: 500MB\n  processes: 5\n');

	it('severity triples become point thresholds', () => {
		const thresholds = resolveThresholds(thresholdOverrides(config));
		expect(thresholds.utilizationPct).toEqual({one: 50, two: 70, three: 90});
		expect(thresholds.saturation).toEqual({one: 1, two: 5, three: 10});
		expect(thresholds.errorPct).toEqual({one: 0.1, two: 1, three: 5});
	});

	it('retention becomes the store policy in ms and bytes, with the processes kept per ranking', () => {
		expect(retentionPolicy(config)).toEqual({rawMaxAgeMs: 2 * 86_400_000, rollupMaxAgeMs: 30 * 86_400_000, maxDatabaseBytes: 5e8, processesPerRanking: 5});
	});
});
