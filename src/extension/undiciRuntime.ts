/** undici, bundled once as dist/undici.js for dist/connect.js and dist/gateway.js (see scripts/build.mjs). */
export * from 'undici';
