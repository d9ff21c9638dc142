import {describe, expect, it} from 'vitest';
import {parseBlkioServiceBytes, parseCpuMax, parseFlatKeyed, parseIoStat, parseLimit, parseSingleValue} from '../../source/collect/parse-cgroup-files.js';

describe('cgroup file parsers', () => {
	it('reads single values and refuses anything else', () => {
		expect(parseSingleValue('67108864\n')).toBe(67_108_864);
		expect(() => parseSingleValue('max\n')).toThrow(/expected a number/);
		expect(() => parseSingleValue('')).toThrow(/expected a number/);
	});

	it('reads every spelling of "no limit" as none', () => {
		expect(parseLimit('max\n')).toBeUndefined();
		expect(parseLimit('-1\n')).toBeUndefined();
		// v1's memory.limit_in_bytes when unlimited, as this machine writes it.
		expect(parseLimit('9223372036854771712\n')).toBeUndefined();
		expect(parseLimit('268435456\n')).toBe(268_435_456);
		expect(() => parseLimit('lots\n')).toThrow();
	});

	it('reads flat-keyed files (v1 cpu.stat as captured under a 20 % quota)', () => {
		const values = parseFlatKeyed('nr_periods 231\nnr_throttled 221\nthrottled_time 9370290986\nnr_bursts 0\nburst_time 0\n');
		expect(values.get('nr_throttled')).toBe(221);
		expect(values.get('throttled_time')).toBe(9_370_290_986);
		expect(() => parseFlatKeyed('nr_periods\n')).toThrow(/key number/);
		expect(() => parseFlatKeyed('nr_periods many\n')).toThrow(/key number/);
	});

	it('reads cpu.max with and without a quota', () => {
		expect(parseCpuMax('max 100000\n')).toEqual({periodUs: 100_000});
		expect(parseCpuMax('50000 100000\n')).toEqual({quotaUs: 50_000, periodUs: 100_000});
		expect(() => parseCpuMax('50000\n')).toThrow(/cpu.max/);
	});

	it('sums io.stat over devices and skips keys it does not know', () => {
		expect(parseIoStat('8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n8:0 rbytes=90430464 wbytes=299008000 rios=8950 wios=1252 dbytes=50331648 dios=3021 cost.vrate=100\n'))
			.toEqual({readBytes: 91_889_664, writeBytes: 613_781_504});
		expect(parseIoStat('')).toEqual({readBytes: 0, writeBytes: 0});
		expect(() => parseIoStat('sda rbytes=1\n')).toThrow(/io.stat/);
	});

	it('sums v1 blkio service bytes, Read and Write only (as captured under dd)', () => {
		const text = '254:0 Read 61440\n254:0 Write 2259681280\n254:0 Sync 5405474816\n254:0 Async 0\n254:0 Discard 3145732096\n254:0 Total 5405474816\nTotal 5405474816\n';
		expect(parseBlkioServiceBytes(text)).toEqual({readBytes: 61_440, writeBytes: 2_259_681_280});
		expect(parseBlkioServiceBytes('Total 0\n')).toEqual({readBytes: 0, writeBytes: 0});
		expect(() => parseBlkioServiceBytes('254:0 Read lots\n')).toThrow(/blkio/);
	});
});
