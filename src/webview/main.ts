// Placeholder for the Svelte 5 settings app (the webview issue replaces this).
export {};
