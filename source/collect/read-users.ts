import {readFileSync} from 'node:fs';

export const defaultPasswdPath = '/etc/passwd';

/** uid → login name from passwd(5) lines `name:password:uid:gid:gecos:home:shell`; the first name of a uid wins, as getpwuid. */
export function parsePasswd(text: string): Map<number, string> {
	const names = new Map<number, string>();
	for (const line of text.split('\n')) {
		if (line === '' || line.startsWith('#')) {
			continue;
		}

		const fields = line.split(':');
		const uid = Number(fields[2]);
		if (fields.length >= 3 && fields[0] !== '' && fields[2] !== '' && Number.isInteger(uid) && !names.has(uid)) {
			names.set(uid, fields[0]!);
		}
	}

	return names;
}

/**
 * A uid → name lookup over `passwdPath`, read once on first use. Users only in LDAP or NIS, or an
 * unreadable file, show as the number, as ps does.
 */
export function createUserNames(passwdPath: string = defaultPasswdPath): (uid: number) => string {
	let names: Map<number, string> | undefined;
	return (uid: number): string => {
		if (names === undefined) {
			try {
				names = parsePasswd(readFileSync(passwdPath, 'utf8'));
			} catch {
				names = new Map();
			}
		}

		return names.get(uid) ?? String(uid);
	};
}
