import process from 'node:process';
import {checkConfig, defaultConfigPath, initConfig} from '../config/load.js';
import {UsageError} from '../options.js';
import {applyKeyConfig} from '../ui/keymap.js';
import type {CommandContext} from './types.js';

export async function run({args, flags}: CommandContext): Promise<number> {
	const [action, file, ...extra] = args;
	if (extra.length > 0 || (file !== undefined && flags.config !== undefined)) {
		throw new UsageError('config: give the file once, as PATH or --config PATH');
	}

	const target = file ?? flags.config;
	switch (action) {
		case 'init': {
			const {written} = initConfig(target ?? defaultConfigPath(process.env));
			process.stdout.write(`wrote ${written}\n`);
			return 0;
		}

		case 'check': {
			const outcome = await checkConfig(target, process.env, config => applyKeyConfig(config.keys).problems);
			for (const message of outcome.messages) {
				(outcome.ok ? process.stdout : process.stderr).write(`${message}\n`);
			}

			return outcome.ok ? 0 : 2;
		}

		default: {
			throw new UsageError(`config: expected init or check, got '${action ?? ''}'`);
		}
	}
}
