/**
 * The outcome of the last action, carried from the case page back to the queue (browser memory
 * only: it is shown once, after the navigation it survives).
 */
export const flash = $state<{ text: string }>({ text: '' });
