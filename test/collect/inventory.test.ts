import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseCpuInfo, parseOsRelease, readInventory} from '../../source/collect/inventory.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'perftop-inventory-'));
afterAll(() => {
	rmSync(root, {recursive: true, force: true});
});

describe('readInventory on Linux', () => {
	it('reads the captured VM from its procfs tree and os-release under the root', async () => {
		mkdirSync(path.join(root, 'etc'));
		writeFileSync(path.join(root, 'etc/os-release'), 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n');
		const inventory = await readInventory({procfs: 'test/fixtures/proc/vm-2cpu', root, platform: 'linux'});
		expect(inventory).toEqual({
			hostname: 'vm',
			os: 'Debian GNU/Linux 12 (bookworm)',
			kernel: '6.18.44-fc-v782',
			cpuModel: 'AMD EPYC',
			cores: 2,
			memoryBytes: expect.any(Number) as number,
			bootTime: expect.any(Number) as number,
		});
		expect(inventory.memoryBytes % 1024).toBe(0);
		expect(inventory.memoryBytes).toBeGreaterThan(0);
	});

	it('never throws: every unknown fact is — or 0', async () => {
		const inventory = await readInventory({procfs: path.join(root, 'missing'), root: path.join(root, 'missing'), platform: 'linux'});
		expect(inventory).toEqual({hostname: '—', os: 'Linux', kernel: '—', cpuModel: '—', cores: 0, memoryBytes: 0, bootTime: undefined});
	});

	it('counts cores from /proc/stat when cpuinfo is missing', async () => {
		const procfs = path.join(root, 'proc');
		mkdirSync(procfs);
		writeFileSync(path.join(procfs, 'stat'), 'cpu  1 2 3 4\ncpu0 1 1 1 1\ncpu1 1 1 1 1\ncpu3 1 1 1 1\nbtime 1700000000\n');
		const inventory = await readInventory({procfs, root, platform: 'linux'});
		expect(inventory.cores).toBe(3);
		expect(inventory.bootTime).toBe(1_700_000_000_000);
	});
});

describe('parseOsRelease', () => {
	it('prefers PRETTY_NAME and unquotes it', () => {
		expect(parseOsRelease('NAME=Fedora\nPRETTY_NAME=\'Fedora Linux 40 \\"Workstation\\"\'\n')).toBe('Fedora Linux 40 "Workstation"');
	});

	it('falls back to NAME and VERSION', () => {
		expect(parseOsRelease('NAME="Alpine Linux"\nVERSION="3.20"\n')).toBe('Alpine Linux 3.20');
		expect(parseOsRelease('# nothing\n')).toBeUndefined();
	});
});

describe('parseCpuInfo', () => {
	it('reads the x86 model and counts processors', () => {
		expect(parseCpuInfo('processor\t: 0\nmodel name\t: AMD EPYC\n\nprocessor\t: 1\nmodel name\t: AMD EPYC\n')).toEqual({model: 'AMD EPYC', cores: 2});
	});

	it('reads an ARM board model', () => {
		expect(parseCpuInfo('processor\t: 0\nBogoMIPS\t: 108.00\n\nHardware\t: BCM2835\nModel\t: Raspberry Pi 4 Model B Rev 1.4\n')).toEqual({model: 'Raspberry Pi 4 Model B Rev 1.4', cores: 1});
	});
});
