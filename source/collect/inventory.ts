import {readFileSync} from 'node:fs';
import os from 'node:os';
import process from 'node:process';
import type {Inventory} from '../metrics/types.js';

/** What an unknown text fact shows as; an unknown count is 0. */
export const unknownText = '—';

export type InventoryOptions = {
	readonly procfs: string;
	readonly sysfs?: string;
	/** Root of the file tree holding etc/os-release (`--rootfs`); default `/`. */
	readonly root?: string;
	/** Which reader to use; default process.platform. */
	readonly platform?: NodeJS.Platform;
};

/** Static facts about the machine, read once at start-up. Never rejects. */
export async function readInventory(options: InventoryOptions): Promise<Inventory> {
	if ((options.platform ?? process.platform) === 'linux') {
		return readLinuxInventory(options.procfs, options.root ?? '/');
	}

	return readPortableInventory();
}

function readText(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
}

/** `PRETTY_NAME` of os-release(5), falling back to NAME and VERSION; quotes and escapes removed. */
export function parseOsRelease(text: string): string | undefined {
	const values = new Map<string, string>();
	for (const line of text.split('\n')) {
		const equals = line.indexOf('=');
		if (equals <= 0 || line.startsWith('#')) {
			continue;
		}

		let value = line.slice(equals + 1).trim();
		if (value.length >= 2 && (value.startsWith('"') || value.startsWith('\'')) && value.endsWith(value[0]!)) {
			value = value.slice(1, -1).replaceAll(/\\(["'`$\\])/g, '$1');
		}

		values.set(line.slice(0, equals).trim(), value);
	}

	const pretty = values.get('PRETTY_NAME');
	if (pretty) {
		return pretty;
	}

	const name = values.get('NAME');
	return name ? [name, values.get('VERSION')].filter(Boolean).join(' ') : undefined;
}

export type CpuInfo = {
	readonly model: string | undefined;
	readonly cores: number;
};

/**
 * /proc/cpuinfo: one block per online logical CPU, each with a `processor` line. The model is
 * `model name` on x86, `Model` or `Hardware` on some ARM boards, `cpu` on POWER.
 */
export function parseCpuInfo(text: string): CpuInfo {
	let cores = 0;
	const models = new Map<string, string>();
	for (const line of text.split('\n')) {
		const colon = line.indexOf(':');
		if (colon === -1) {
			continue;
		}

		const key = line.slice(0, colon).trim();
		const value = line.slice(colon + 1).trim();
		if (key === 'processor') {
			cores++;
		} else if (value !== '' && !models.has(key)) {
			models.set(key, value);
		}
	}

	const model = models.get('model name') ?? models.get('Model') ?? models.get('Hardware') ?? models.get('cpu');
	return {model, cores};
}

function memTotalBytes(meminfo: string | undefined): number {
	const match = meminfo === undefined ? undefined : /^MemTotal:\s+(\d+) kB/m.exec(meminfo);
	return match ? Number(match[1]) * 1024 : 0;
}

function bootTimeMs(stat: string | undefined): number | undefined {
	const match = stat === undefined ? undefined : /^btime (\d+)$/m.exec(stat);
	return match ? Number(match[1]) * 1000 : undefined;
}

function onlineCoresFromStat(stat: string | undefined): number {
	return stat === undefined ? 0 : stat.match(/^cpu\d+ /gm)?.length ?? 0;
}

/** Everything from the procfs root, so a fixture tree yields its own machine, not this one. */
export function readLinuxInventory(procfs: string, root: string): Inventory {
	const stat = readText(`${procfs}/stat`);
	const cpuInfo = parseCpuInfo(readText(`${procfs}/cpuinfo`) ?? '');
	const osRelease = readText(`${root.replace(/\/$/, '')}/etc/os-release`) ?? readText(`${root.replace(/\/$/, '')}/usr/lib/os-release`);
	return {
		hostname: readText(`${procfs}/sys/kernel/hostname`)?.trim() || unknownText,
		os: (osRelease === undefined ? undefined : parseOsRelease(osRelease)) ?? 'Linux',
		kernel: readText(`${procfs}/sys/kernel/osrelease`)?.trim() || unknownText,
		cpuModel: cpuInfo.model ?? unknownText,
		cores: cpuInfo.cores || onlineCoresFromStat(stat),
		memoryBytes: memTotalBytes(readText(`${procfs}/meminfo`)),
		bootTime: bootTimeMs(stat),
	};
}

/** macOS, Windows and the BSDs: systeminformation (loaded only here, it is large) and node:os. */
export async function readPortableInventory(): Promise<Inventory> {
	let osName: string | undefined;
	let kernel: string | undefined;
	let cpuModel: string | undefined;
	try {
		const si = (await import('systeminformation')).default;
		const [osInfo, cpu] = await Promise.all([si.osInfo(), si.cpu()]);
		osName = [osInfo.distro, osInfo.release].filter(Boolean).join(' ') || undefined;
		kernel = osInfo.kernel || undefined;
		cpuModel = [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ') || undefined;
	} catch {
		// Fall through to node:os for whatever it knows.
	}

	const cpus = safe(() => os.cpus(), []);
	return {
		hostname: safe(() => os.hostname(), '') || unknownText,
		os: osName ?? (safe(() => os.type(), '') || unknownText),
		kernel: kernel ?? (safe(() => os.release(), '') || unknownText),
		cpuModel: cpuModel ?? (cpus[0]?.model.trim() || unknownText),
		cores: cpus.length,
		memoryBytes: safe(() => os.totalmem(), 0),
		bootTime: safe(() => Math.round(Date.now() - (os.uptime() * 1000)), undefined),
	};
}

function safe<T>(read: () => T, fallback: T): T {
	try {
		return read();
	} catch {
		return fallback;
	}
}
