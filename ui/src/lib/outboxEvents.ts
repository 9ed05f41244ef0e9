// "The outbox delivered something": the background task in Rust says so after a run that
// changed a message, through the generated event binding. Screens showing the outbox or a
// document's status reload on it.
import { events } from './contract';

/** Listens to a generated Tauri event until the returned function is called. Outside the
 * app (the dev fixture backend) there is no event: nothing happens. */
export function listenUntilStopped(
  event: { listen: (handler: () => void) => Promise<() => void> },
  onchange: () => void,
): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  event
    .listen(() => onchange())
    .then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    })
    .catch(() => {
      /* no Tauri host */
    });
  return () => {
    stopped = true;
    stop?.();
  };
}

/** Calls `onchange` after each such run until the returned function is called. */
export function onOutboxDelivered(onchange: () => void): () => void {
  return listenUntilStopped(events.outboxDelivered, onchange);
}

/** Calls `onchange` after each background payment sync that recorded something. */
export function onPaymentsSynced(onchange: () => void): () => void {
  return listenUntilStopped(events.paymentsSynced, onchange);
}
