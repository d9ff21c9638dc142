import {readFile} from 'node:fs/promises';
import path from 'node:path';

// /sys/class/net/<iface>/speed, Documentation/ABI/testing/sysfs-class-net: the negotiated link
// speed in Mbit/s. The kernel prints SPEED_UNKNOWN (-1) for a link that is down or a driver that
// does not know; older kernels printed the same value unsigned (4294967295). Virtual interfaces
// (lo, ifb, bridges without ports) fail the read with EINVAL instead, which the reader maps to
// "unknown" as well.

const speedUnknownUnsigned = 4_294_967_295;

/** Link speed in Mbit/s, or undefined when the kernel does not know it. Throws on text that is not a number. */
export function parseLinkSpeed(text: string): number | undefined {
	const trimmed = text.trim();
	if (trimmed === '') {
		return undefined;
	}

	if (!/^-?\d+$/.test(trimmed)) {
		throw new Error(`/sys/class/net/*/speed: not a number: ${JSON.stringify(trimmed.slice(0, 40))}`);
	}

	const speedMbps = Number(trimmed);
	// 0 is not a speed either: some drivers report it while the link negotiates, and a utilization
	// against it would divide by zero.
	if (speedMbps <= 0 || speedMbps === speedUnknownUnsigned) {
		return undefined;
	}

	return speedMbps;
}

/**
 * Reads and parses the speed of one interface under a sysfs root. Any read failure (EINVAL for
 * virtual interfaces, ENOENT for an interface that vanished) means "unknown", not an error.
 * Interface names come from /proc/net/dev; one that could escape the directory is refused.
 */
export async function readLinkSpeed(sysfsRoot: string, interfaceName: string): Promise<number | undefined> {
	if (interfaceName === '' || interfaceName === '.' || interfaceName === '..' || interfaceName.includes('/')) {
		return undefined;
	}

	let text: string;
	try {
		text = await readFile(path.join(sysfsRoot, 'class', 'net', interfaceName, 'speed'), 'utf8');
	} catch {
		return undefined;
	}

	return parseLinkSpeed(text);
}
