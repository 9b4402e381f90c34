const Module = require('node:module');
const { dirname, join } = require('node:path');
const lib = dirname(require.resolve('matrix-bot-sdk'));
const path = require.resolve('@matrix-org/matrix-sdk-crypto-nodejs', { paths: [lib] });
try { require(path) } catch { const m = new Module.Module(path); m.filename = path; m.loaded = true; m.exports = {}; require.cache[path] = m; }
const stubs = (process.env.STUB||'').split(',').filter(Boolean);
for (const s of stubs) { const p = require.resolve(s, {paths:[lib]}); const m = new Module.Module(p); m.filename = p; m.loaded = true; m.exports = function(){}; require.cache[p] = m; }
const idx = join(lib, 'index.js'); const m = new Module.Module(idx); m.filename = idx; m.loaded = true; m.exports = {}; require.cache[idx] = m;
const before = new Set(Object.keys(require.cache));
for (const p of ['MatrixClient', 'logging/LogService', 'storage/RustSdkCryptoStorageProvider', 'models/events/EncryptedRoomEvent', 'request']) require(join(lib, p));
setTimeout(() => { 
  const mods = Object.keys(require.cache).filter(k=>!before.has(k)).map(k => k.replace(/.*node_modules\//,''));
  const c = {}; for (const m of mods) { const n = m.startsWith('@') ? m.split('/').slice(0,2).join('/') : m.split('/')[0]; c[n]=(c[n]||0)+1 }
  console.log((process.memoryUsage().rss/1048576).toFixed(1), JSON.stringify(c)); }, 300);
