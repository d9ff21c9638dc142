/** Every flag the CLI knows, as meow parses them; each command lists the ones it accepts. */
export type CommandFlags = {
	readonly interval?: string;
	readonly db?: string;
	readonly record: boolean;
	readonly once: boolean;
	readonly json: boolean;
	readonly top?: string;
	readonly color: boolean;
	/** Undefined: the config's ui.theme. */
	readonly theme?: string;
	/** Undefined: the config's ui.graph. */
	readonly graph?: string;
	/** --no-mouse: false; true leaves it to the config's ui.mouse. */
	readonly mouse: boolean;
	readonly procfs: string;
	/** Undefined: `sys` under --rootfs. */
	readonly sysfs?: string;
	readonly rootfs: string;
	readonly duration?: string;
	readonly frequency?: string;
	readonly since?: string;
	readonly from?: string;
	readonly to?: string;
	readonly baseline?: string;
	readonly format?: string;
	readonly output?: string;
	readonly daily: boolean;
	readonly force: boolean;
	readonly config?: string;
	readonly port?: string;
	readonly host?: string;
	readonly by?: string;
	readonly metric?: string;
};

export type CommandContext = {
	/** Positional arguments after the command name. */
	readonly args: readonly string[];
	readonly flags: CommandFlags;
};

export type Command = {
	/** '' for the default command (the dashboard). */
	readonly name: string;
	readonly usage: string;
	readonly summary: string;
	readonly example: string;
	readonly flags: ReadonlyArray<keyof CommandFlags>;
	/**
	 * Loads the command's module on demand, so `perftop --version` or `sample` never evaluates
	 * the dashboard's or the exporter's code. The returned function resolves to the exit code
	 * and throws UsageError for bad input.
	 */
	readonly load: () => Promise<(context: CommandContext) => Promise<number>>;
};
