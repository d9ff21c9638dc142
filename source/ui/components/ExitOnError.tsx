import {useApp} from 'ink';
import {Component, type ErrorInfo, type ReactNode} from 'react';
import {asError} from '../../errors.js';

export type Props = {
	readonly children: ReactNode;
};

type BoundaryProps = {
	readonly children: ReactNode;
	readonly onError: (error: Error) => void;
};

type BoundaryState = {
	readonly failed: boolean;
};

/**
 * Catches a render error before Ink's own boundary does: Ink's would draw the error with its stack and
 * source excerpt over the dashboard. This one draws nothing and hands the error to `onError`.
 * React needs a class for this; there is no hook for getDerivedStateFromError.
 */
class Boundary extends Component<BoundaryProps, BoundaryState> {
	static getDerivedStateFromError(): BoundaryState {
		return {failed: true};
	}

	override state: BoundaryState = {failed: false};

	override componentDidCatch(error: unknown, _info: ErrorInfo): void {
		this.props.onError(asError(error));
	}

	override render(): ReactNode {
		return this.state.failed ? null : this.props.children;
	}
}

/**
 * Any render error below ends the app through `useApp().exit(error)`, so `waitUntilExit()` rejects with
 * it and the caller prints one line, rather than React or Ink printing a stack trace on the screen.
 */
export function ExitOnError({children}: Props) {
	const {exit} = useApp();
	return <Boundary onError={exit}>{children}</Boundary>;
}
