// When `fedimoot run` should stop: SIGINT (Ctrl-C) or SIGTERM (systemd, kill), or, when an npm script started it, that
// npm going away. `npm start` runs the bot through `sh -c`; npm forwards signals only to its direct child, so a
// killed npm could leave the bot running with nobody to stop it. The start script execs node to be that child, and
// this watch covers an npm that dies without forwarding anything (SIGKILL, a closed terminal).

export interface StopRequest {
  /** Resolves with the signal (or 'npm exited') that asked for the stop; repeats are ignored. */
  requested: Promise<string>;
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const PARENT_POLL_MS = 1000;

export function watchForStop(): StopRequest {
  let resolveRequest!: (reason: string) => void;
  const requested = new Promise<string>((resolve) => (resolveRequest = resolve));
  // `on`, not `once`: Ctrl-C reaches the bot twice under npm (from the terminal and forwarded by npm), and a second
  // signal with no listener would kill the process mid-stop.
  const onSignal = (signal: NodeJS.Signals): void => resolveRequest(signal);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const parent = process.ppid;
  // Only under npm: a bot started by nohup or a supervisor that exits on purpose must keep running when reparented.
  const parentWatch = process.env.npm_lifecycle_event
    ? setInterval(() => {
        if (process.ppid !== parent) resolveRequest('npm exited');
      }, PARENT_POLL_MS).unref()
    : undefined;
  return {
    requested,
    dispose() {
      for (const signal of SIGNALS) process.removeListener(signal, onSignal);
      if (parentWatch) clearInterval(parentWatch);
    },
  };
}
