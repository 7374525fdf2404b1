// Preloaded by `npm start` (node --import) before adapter-node reads its environment:
// adapter-node assumes https when ORIGIN is unset, which breaks cookies and origin checks on a
// plain http://localhost start. Explicit settings always win.
const port = process.env.PORT ?? '3000';
process.env.ORIGIN ??= `http://localhost:${port}`;
// tus chunks are 10 MiB; the limit must exceed one chunk (adapter-node's default is 512K).
process.env.BODY_SIZE_LIMIT ??= '16M';
process.env.NODE_ENV ??= 'production';
