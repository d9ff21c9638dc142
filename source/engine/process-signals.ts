/** The signals the dashboard's menu offers, default first, by the names `process.kill` takes. */
export const processSignals = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP', 'SIGSTOP', 'SIGCONT', 'SIGUSR1', 'SIGUSR2'] as const;

export type ProcessSignal = typeof processSignals[number];

export function isProcessSignal(name: string): name is ProcessSignal {
	return (processSignals as readonly string[]).includes(name);
}
