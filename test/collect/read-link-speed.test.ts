import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {parseLinkSpeed, readLinkSpeed} from '../../source/collect/read-link-speed.js';

const fixtureSys = (scenario: string): string => fileURLToPath(new URL(`../fixtures/sys/${scenario}`, import.meta.url));

describe('parseLinkSpeed', () => {
	it('reads a known speed in Mbit/s', () => {
		expect(parseLinkSpeed('1000\n')).toBe(1000);
		expect(parseLinkSpeed('100000\n')).toBe(100_000);
	});

	it('treats -1, its unsigned form, 0 and empty text as unknown', () => {
		expect(parseLinkSpeed('-1\n')).toBeUndefined();
		expect(parseLinkSpeed('4294967295\n')).toBeUndefined();
		expect(parseLinkSpeed('0\n')).toBeUndefined();
		expect(parseLinkSpeed('')).toBeUndefined();
		expect(parseLinkSpeed('\n')).toBeUndefined();
	});

	it('throws on text that is not a number', () => {
		expect(() => parseLinkSpeed('fast\n')).toThrow('/sys/class/net/*/speed: not a number: "fast"');
		expect(() => parseLinkSpeed('10.5\n')).toThrow('not a number');
	});
});

describe('readLinkSpeed', () => {
	const root = mkdtempSync(path.join(tmpdir(), 'perftop-link-speed-'));
	mkdirSync(path.join(root, 'class', 'net', 'eth1'), {recursive: true});
	writeFileSync(path.join(root, 'class', 'net', 'eth1', 'speed'), '25000\n');
	afterAll(() => {
		rmSync(root, {recursive: true, force: true});
	});

	it('reads the captured link that is down as unknown', async () => {
		await expect(readLinkSpeed(fixtureSys('vm-2cpu'), 'eth0')).resolves.toBeUndefined();
	});

	it('reads a known speed under a sysfs root', async () => {
		await expect(readLinkSpeed(root, 'eth1')).resolves.toBe(25_000);
	});

	it('treats an unreadable or missing speed file as unknown', async () => {
		// EINVAL on virtual interfaces cannot be reproduced in a file tree; ENOENT and EISDIR take the same path.
		await expect(readLinkSpeed(fixtureSys('vm-2cpu'), 'lo')).resolves.toBeUndefined();
		await expect(readLinkSpeed(root, 'missing0')).resolves.toBeUndefined();
	});

	it('refuses names that would leave the interface directory', async () => {
		writeFileSync(path.join(root, 'class', 'speed'), '1000\n');
		await expect(readLinkSpeed(root, '..')).resolves.toBeUndefined();
		await expect(readLinkSpeed(path.join(root, 'class', 'net', 'eth1'), '../../../..')).resolves.toBeUndefined();
	});
});
